"""Upload forms' shared pieces: uploaded files handed to the parsers (which read from a path, as docx and
pdf readers need one) and the region typed beside them."""
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError

from ..models import Region

REGION_SEPARATORS = re.compile(r"[/\\>]")  # as resolve_region splits a typed path


@contextmanager
def saved_upload(upload):
    """The upload written to a temporary file that keeps its name (the parsers go by the suffix)."""
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp) / Path(upload.name).name
        with open(local, "wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        yield local


def bound_form(form_class, request):
    """The form bound on every POST, even one with no field filled, so a bare submit shows what is missing."""
    if request.method == "POST":
        return form_class(request.POST, request.FILES)
    return form_class()


class RegionSpecField(forms.CharField):
    """A region as typed, `东河区` or `包头市/东河区`: each name must fit a region's name, so a pasted
    paragraph is refused on the form instead of failing in the database."""

    def validate(self, value):
        super().validate(value)
        limit = Region._meta.get_field("name").max_length
        for name in REGION_SEPARATORS.split(value):
            name = name.strip()
            if len(name) > limit:
                raise ValidationError(
                    f"地区名称过长（“{name[:12]}…”超过 {limit} 字）：请只填写地区名称，如“东河区”或“包头市/东河区”",
                    code="max_length",
                )
