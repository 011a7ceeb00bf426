"""load_demo: the data the demo command shows, loaded twice without a change."""
import io

import pytest
from django.core.management import call_command

from checklist.models import Region, Task
from reports.models import AnnualReport, Evidence, Gap, Passage

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Region, Task, AnnualReport, Passage, Evidence, Gap)]


def test_demo_loads_the_plan_four_reports_and_their_evidence_and_loads_again_unchanged():
    out = io.StringIO()
    call_command("load_demo", "--password", "demo-pass", stdout=out)
    first = counts()

    assert Task.objects.filter(plan__region__name="东河区").count() == 26
    assert AnnualReport.objects.count() == 4
    assert Evidence.objects.filter(task__plan__region__name="东河区").exists()
    # the city report sits above the district, in one region tree
    baotou = AnnualReport.objects.get(region__name="包头市").region
    assert Region.objects.get(name="东河区").parent == baotou
    assert Gap.objects.filter(region__name="东河区").exists()
    assert "密码：demo-pass" in out.getvalue()

    call_command("load_demo", "--password", "demo-pass", stdout=io.StringIO())
    assert counts() == first
