"""Reviewing evidence in the admin: highlighted list, bulk confirm/reject with who and when, manual
evidence with its refusals, the read-only passage form, and the 佐证 lists on task and indicator pages."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.indicator_import import import_system
from checklist.models import Indicator
from checklist.parsing.indicators import load_indicator_file
from reports import review
from reports.models import AnnualReport, Evidence, EvidenceState, Passage
from tests.helpers import INDICATORS_2021, import_donghe

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reports_evidence_changelist")
ADD = reverse("admin:reports_evidence_add")
PASSAGE = "2023年，区司法局全面推進行政復議體制改革，<b>办理</b>行政复议案件56件。"


@pytest.fixture
def plan():
    return import_donghe().plan


@pytest.fixture
def report(plan):
    return AnnualReport.objects.create(region=plan.region, year=2023, title="东河区2023年法治政府建设情况报告", text=PASSAGE)


def passage_evidence(report, task=None, indicator=None, index=0, terms=("行政复议",), score=0.8, **extra):
    passage, _ = Passage.objects.get_or_create(
        report=report, index=index, defaults={"text": PASSAGE, "start": 0, "end": len(PASSAGE), "heading": "一、行政复议"}
    )
    return Evidence.objects.create(
        task=task, indicator=indicator, report=report, passage=passage, year=report.year, start=10, end=16,
        method="tfidf", method_version="1", score=score, matched_terms=list(terms), **extra,
    )  # fmt: skip


def test_list_marks_the_matched_terms_and_escapes_the_passage(admin_client, plan, report):
    task = plan.tasks.get(number=22)
    passage_evidence(report, task=task, basis="report")
    page = admin_client.get(CHANGELIST).content.decode()
    assert "本报告中与该项最接近的一段" in page  # why the matcher attached it
    assert "推進<mark>行政復議</mark>體制改革" in page
    assert "<mark>行政复议</mark>案件" in page
    assert "&lt;b&gt;办理&lt;/b&gt;" in page and "<b>办理</b>" not in page
    assert f"{task.number}. {task.title}" in page
    assert "东河区2023年法治政府建设情况报告" in page


def test_bulk_confirm_and_reject_record_who_and_when(admin_client, admin_user, plan, report):
    rows = [passage_evidence(report, task=t, index=i) for i, t in enumerate(plan.tasks.order_by("number")[:3])]
    ids = [rows[0].pk, rows[1].pk]
    response = admin_client.post(CHANGELIST, {"action": "confirm_selected", "_selected_action": ids}, follow=True)
    assert "已确认 2 条佐证" in response.content.decode()
    for ev in Evidence.objects.filter(pk__in=ids):
        assert ev.state == EvidenceState.CONFIRMED
        assert ev.reviewed_by == admin_user and ev.reviewed_at is not None
    assert Evidence.objects.get(pk=rows[2].pk).state == EvidenceState.SUGGESTED

    # Staff may change their mind; rows already in the state are counted apart and left alone.
    first_review = Evidence.objects.get(pk=rows[0].pk).reviewed_at
    response = admin_client.post(
        CHANGELIST, {"action": "reject_selected", "_selected_action": [rows[0].pk, rows[2].pk]}, follow=True
    )
    assert "已驳回 2 条佐证" in response.content.decode()
    rejected = Evidence.objects.get(pk=rows[0].pk)
    assert rejected.state == EvidenceState.REJECTED and rejected.reviewed_at > first_review
    response = admin_client.post(CHANGELIST, {"action": "reject_selected", "_selected_action": [rows[0].pk]}, follow=True)
    assert "已驳回 0 条佐证。另有 1 条原已是“已驳回”，未改动。" in response.content.decode()
    assert Evidence.objects.get(pk=rows[0].pk).reviewed_at == rejected.reviewed_at


def test_filters_by_state_task_and_plan(admin_client, plan, report):
    task = plan.tasks.get(number=22)
    passage_evidence(report, task=task, index=0, state=EvidenceState.CONFIRMED)
    passage_evidence(report, task=plan.tasks.get(number=5), index=1)
    assert admin_client.get(CHANGELIST, {"state__exact": "confirmed"}).context["cl"].result_count == 1
    assert admin_client.get(CHANGELIST, {"task__id__exact": task.pk}).context["cl"].result_count == 1
    assert admin_client.get(CHANGELIST, {"task__plan__id__exact": plan.pk}).context["cl"].result_count == 2
    assert admin_client.get(CHANGELIST, {"q": "行政复议"}).context["cl"].result_count == 2


def test_list_query_count_does_not_grow_with_rows(admin_client, plan, report):
    system = import_system(load_indicator_file(INDICATORS_2021)).system
    tasks = list(plan.tasks.order_by("number"))
    indicators = list(Indicator.objects.filter(system=system)[:5])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get(CHANGELIST).status_code == 200
        return len(ctx.captured_queries)

    passage_evidence(report, task=tasks[0], index=0)
    passage_evidence(report, indicator=indicators[0], index=0)
    few = count()
    for i in range(1, 5):
        passage_evidence(report, task=tasks[i], index=i)
        passage_evidence(report, indicator=indicators[i], index=i)
    review.add_note_evidence(tasks[9], "已印发实施方案", None)
    assert count() == few


def test_task_page_lists_evidence_suggestions_first_with_marks(admin_client, plan, report, admin_user):
    task = plan.tasks.get(number=22)
    rejected = passage_evidence(report, task=task, index=0, terms=["体制改革"], state=EvidenceState.REJECTED)
    suggested = passage_evidence(report, task=task, index=1, terms=["行政复议"])
    note = review.add_note_evidence(task, "已建立行政复议<案件>台账", admin_user)
    page = admin_client.get(reverse("admin:checklist_task_change", args=[task.pk])).content.decode()
    assert "佐证（3 条）" in page
    assert "推進<mark>行政復議</mark>體制改革" in page
    assert "已建立行政复议&lt;案件&gt;台账" in page
    order = [page.index(reverse("admin:reports_evidence_change", args=[e.pk])) for e in (suggested, note, rejected)]
    assert order == sorted(order)
    assert f"{ADD}?task={task.pk}" in page
    assert f"{CHANGELIST}?task__id__exact={task.pk}" in page


def test_task_form_still_saves_with_evidence_listed(admin_client, plan, report):
    task = plan.tasks.get(number=7)
    passage_evidence(report, task=task)
    url = reverse("admin:checklist_task_change", args=[task.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "indicators"}
    data.update(plan=task.plan_id, section=task.section_id, status="done")
    for prefix, links in (("taskleadunit_set", task.taskleadunit_set.all()), ("taskresponsibleunit_set", task.taskresponsibleunit_set.all())):
        data.update({f"{prefix}-TOTAL_FORMS": len(links), f"{prefix}-INITIAL_FORMS": len(links)})
        for i, link in enumerate(links):
            data.update({f"{prefix}-{i}-id": link.pk, f"{prefix}-{i}-task": task.pk,
                         f"{prefix}-{i}-unit": link.unit_id, f"{prefix}-{i}-position": link.position})
    # A report run adds a row between opening and saving the form: saving must not trip over it.
    passage_evidence(report, task=task, index=1)
    assert admin_client.post(url, data).status_code == 302
    task.refresh_from_db()
    assert task.status == "done"


def test_indicator_page_lists_its_evidence(admin_client, report):
    system = import_system(load_indicator_file(INDICATORS_2021)).system
    indicator = Indicator.objects.filter(system=system, level=3).first()
    passage_evidence(report, indicator=indicator)
    page = admin_client.get(reverse("admin:checklist_indicator_change", args=[indicator.pk])).content.decode()
    assert "<mark>行政复议</mark>案件" in page
    assert f"{ADD}?indicator={indicator.pk}" in page
    assert f"{CHANGELIST}?indicator__id__exact={indicator.pk}" in page
    listed = admin_client.get(CHANGELIST, {"indicator__id__exact": indicator.pk}).content.decode()
    assert indicator.code in listed


def test_add_form_is_prefilled_from_the_task_link(admin_client, plan):
    task = plan.tasks.get(number=22)
    response = admin_client.get(ADD, {"task": task.pk})
    form = response.context["adminform"].form
    assert str(form.initial["task"]) == str(task.pk)
    assert [value for value, _ in form.fields["kind"].choices] == ["file", "note"]


@pytest.mark.parametrize("params", [{"task": "None"}, {"indicator": "abc"}, {"task": ""}])
def test_add_form_ignores_a_link_that_names_no_task(admin_client, params):
    response = admin_client.get(ADD, params)
    assert response.status_code == 200
    assert not response.context["adminform"].form.initial.get("task")


def test_new_task_page_offers_evidence_only_once_saved(admin_client, plan):
    page = admin_client.get(reverse("admin:checklist_task_add")).content.decode()
    assert "保存后可添加佐证" in page
    assert "?task=None" not in page
    task = plan.tasks.get(number=22)
    saved = admin_client.get(reverse("admin:checklist_task_change", args=[task.pk])).content.decode()
    assert f"{ADD}?task={task.pk}" in saved


def test_manual_note_evidence_is_added_confirmed(admin_client, admin_user, plan):
    task = plan.tasks.get(number=22)
    response = admin_client.post(ADD, {"task": task.pk, "kind": "note", "note": "已召开行政复议工作推进会"})
    assert response.status_code == 302
    ev = Evidence.objects.get()
    assert (ev.task, ev.kind, ev.note, ev.year) == (task, "note", "已召开行政复议工作推进会", plan.year)
    assert ev.state == EvidenceState.CONFIRMED and ev.reviewed_by == admin_user and ev.reviewed_at
    assert ev.method == review.MANUAL_METHOD and ev.report is None and ev.passage is None
    page = admin_client.get(reverse("admin:reports_evidence_change", args=[ev.pk])).content.decode()
    assert "人工添加" in page


def test_manual_file_evidence_keeps_the_file(admin_client, plan):
    task = plan.tasks.get(number=5)
    upload = SimpleUploadedFile("实施方案.pdf", b"%PDF-1.4 demo")
    response = admin_client.post(ADD, {"task": task.pk, "kind": "file", "file": upload, "note": "区政府印发", "year": 2023})
    assert response.status_code == 302
    ev = Evidence.objects.get()
    assert ev.kind == "file" and ev.file.name.startswith("evidence/") and ev.year == 2023
    with ev.file.open("rb") as fh:
        assert fh.read() == b"%PDF-1.4 demo"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "note", "note": ""}, "请上传文件或填写情况说明"),
        ({"kind": "file", "note": ""}, "请上传文件或填写情况说明"),
        ({"kind": "file", "note": "只有说明"}, "只有文字说明时请选择“情况说明”类型"),
        ({"kind": "passage", "note": "x"}, "选择一个有效的选项"),
        ({"kind": "note", "note": "x", "no_target": True}, "请选择这条佐证对应的任务或指标"),
    ],
)
def test_manual_evidence_refusals_write_nothing(admin_client, plan, data, message):
    task = plan.tasks.get(number=22)
    post = {k: v for k, v in data.items() if k != "no_target"}
    if not data.get("no_target"):
        post["task"] = task.pk
    response = admin_client.post(ADD, post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Evidence.objects.count() == 0
    assert "evidence_has_target" not in response.content.decode()


def test_review_functions_refuse_bad_input(plan, admin_user):
    task = plan.tasks.get(number=22)
    with pytest.raises(ValueError, match="请选择这条佐证对应的任务或指标"):
        review.add_note_evidence(None, "说明", admin_user)
    with pytest.raises(ValueError, match="请上传文件或填写情况说明"):
        review.add_note_evidence(task, "  ", admin_user)
    with pytest.raises(ValueError, match="请上传文件或填写情况说明"):
        review.add_file_evidence(task, None, "", admin_user)
    with pytest.raises(ValueError, match="是空文件"):
        review.add_file_evidence(task, SimpleUploadedFile("空.pdf", b""), "", admin_user)
    with pytest.raises(ValueError, match="不能手工添加"):
        review.check_manual(task=task, kind="passage", note="x")
    with pytest.raises(ValueError, match="只能对应一项任务或一项指标"):
        review.check_manual(task=task, indicator=Indicator(), kind="note", note="x")
    assert Evidence.objects.count() == 0


def test_passage_evidence_form_only_changes_state_and_note(admin_client, admin_user, plan, report):
    task = plan.tasks.get(number=22)
    ev = passage_evidence(report, task=task)
    url = reverse("admin:reports_evidence_change", args=[ev.pk])
    response = admin_client.get(url)
    assert set(response.context["adminform"].form.fields) == {"state", "note"}
    page = response.content.decode()
    assert "推進<mark>行政復議</mark>體制改革" in page
    assert "tfidf" in page and "0.80" in page and "行政复议" in page
    other = plan.tasks.get(number=5)
    admin_client.post(url, {"state": "confirmed", "note": "报告第一部分", "task": other.pk, "score": "1"})
    ev.refresh_from_db()
    assert (ev.state, ev.note, ev.task, ev.score) == ("confirmed", "报告第一部分", task, 0.8)
    assert ev.reviewed_by == admin_user and ev.reviewed_at


def test_manual_evidence_cannot_lose_both_file_and_note(admin_client, admin_user, plan):
    ev = review.add_note_evidence(plan.tasks.get(number=22), "已召开推进会", admin_user)
    url = reverse("admin:reports_evidence_change", args=[ev.pk])
    response = admin_client.post(url, {"state": "confirmed", "note": "", "year": ""})
    assert response.status_code == 200
    assert "请上传文件或填写情况说明" in response.content.decode()
    ev.refresh_from_db()
    assert ev.note == "已召开推进会"
