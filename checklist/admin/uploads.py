"""Uploaded files handed to the parsers, which read from a path (docx and pdf readers need one)."""
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def saved_upload(upload):
    """The upload written to a temporary file that keeps its name (the parsers go by the suffix)."""
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp) / Path(upload.name).name
        with open(local, "wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        yield local
