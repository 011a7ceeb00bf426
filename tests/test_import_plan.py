"""import_plan: the Donghe seed becomes 26 tasks in 8 sections, idempotently; bad documents write nothing."""
import json

import pytest
from django.core.management import CommandError, call_command

from checklist.models import OrgUnit, Plan, PlanSection, Region, Task, UnitAlias
from tests.helpers import DONGHE_GOLD, DONGHE_PLAN, import_donghe

pytestmark = pytest.mark.django_db


def run_import(*args, **kwargs):
    from io import StringIO

    out = StringIO()
    call_command("import_plan", *args, stdout=out, **kwargs)
    return out.getvalue()


def test_json_output_matches_gold():
    out = json.loads(run_import(str(DONGHE_PLAN), region="包头市/东河区", year=2021, json=True))
    assert out["plan"]["doc_number"] == DONGHE_GOLD["plan"]["doc_number"]
    assert out["plan"]["issuer"] == DONGHE_GOLD["plan"]["issuer"]
    assert out["plan"]["written_on"] == DONGHE_GOLD["plan"]["written_on"]
    assert out["plan"]["title"] == DONGHE_GOLD["plan"]["title"]
    got = [(t["number"], t["section"], t["lead_units"], t["responsible_units"]) for t in out["tasks"]]
    want = [(t["number"], t["section"], t["lead_units"], t["responsible_units"]) for t in DONGHE_GOLD["tasks"]]
    assert got == want


def test_database_holds_tasks_sections_and_ordered_units():
    import_donghe()
    plan = Plan.objects.get()
    assert (plan.region.name, plan.region.parent.name, plan.year) == ("东河区", "包头市", 2021)
    assert plan.doc_number == "包东政办发(2021)48号"
    assert plan.tasks.count() == 26
    assert PlanSection.objects.filter(plan=plan).count() == 8
    for gold in DONGHE_GOLD["tasks"]:
        task = Task.objects.get(plan=plan, number=gold["number"])
        assert task.section.title == gold["section"]
        lead = [link.unit.name for link in task.taskleadunit_set.order_by("position")]
        resp = [link.unit.name for link in task.taskresponsibleunit_set.order_by("position")]
        assert (lead, resp) == (gold["lead_units"], gold["responsible_units"]), gold["number"]
    assert Task.objects.get(plan=plan, number=1).title == DONGHE_GOLD["tasks"][0]["title"]


def test_units_resolve_through_aliases_and_collectives_are_flagged():
    import_donghe()
    justice = OrgUnit.objects.get(name="区司法局")
    assert UnitAlias.objects.filter(unit=justice, name="东河区司法局").exists()
    assert OrgUnit.objects.get(name="区政府各部门").is_collective
    assert OrgUnit.objects.get(name="区政府各相关行政执法部门").is_collective
    assert not justice.is_collective
    # one unit per name, however many tasks name it
    assert OrgUnit.objects.filter(name="区司法局").count() == 1
    assert justice.led_tasks.count() == 14


def test_reimport_changes_nothing():
    first = import_donghe()
    assert first.created == 26
    counts = (Task.objects.count(), Task.history.count(), OrgUnit.objects.count(), PlanSection.objects.count())
    second = import_donghe()
    assert (second.created, second.updated, second.unchanged) == (0, 0, 26)
    assert (Task.objects.count(), Task.history.count(), OrgUnit.objects.count(), PlanSection.objects.count()) == counts


def test_reimport_keeps_staff_status_and_progress():
    import_donghe()
    Task.objects.filter(number=3).update(status="done", progress="已完成脱钩")
    import_donghe()
    task = Task.objects.get(number=3)
    assert (task.status, task.progress) == ("done", "已完成脱钩")


def test_document_without_tasks_is_refused_and_nothing_written(tmp_path):
    doc = tmp_path / "notice.txt"
    doc.write_text("关于召开会议的通知\n\n请各单位准时参加。\n", encoding="utf-8")
    with pytest.raises(CommandError) as err:
        run_import(str(doc), region="包头市/东河区", year=2021)
    assert "任务" in str(err.value)
    assert (Plan.objects.count(), Task.objects.count(), Region.objects.count(), OrgUnit.objects.count()) == (0, 0, 0, 0)


def test_unsupported_file_type_is_refused(tmp_path):
    doc = tmp_path / "plan.xls"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CommandError) as err:
        run_import(str(doc), region="东河区", year=2021)
    assert ".xls" in str(err.value)
    assert Plan.objects.count() == 0


def test_docx_plan_imports(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("某区2022年度法治政府建设工作计划")
    document.add_paragraph("一、完善依法行政制度体系")
    document.add_paragraph("1.严格规范性文件管理。落实备案审查制度。(牵头单位:区司法局;责任单位:区政府各部门)")
    path = tmp_path / "plan.docx"
    document.save(path)
    run_import(str(path), region="包头市/东河区", year=2022)
    task = Task.objects.get(plan__year=2022)
    assert task.title == "严格规范性文件管理"
    assert [u.name for u in task.lead_units.all()] == ["区司法局"]
