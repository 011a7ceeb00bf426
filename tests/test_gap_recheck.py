"""Staff decisions on evidence update the gap list at once: rejecting or deleting the only evidence of a
task opens its gap, evidence added by hand closes it, and a decision that changes nothing leaves the
gaps alone. The message after the decision says what changed."""
import pytest
from django.urls import reverse

from reports import review
from reports.gaps.flagging import flag_gaps
from reports.models import Evidence, EvidenceState, Gap, GapState
from tests import gap_factories as make

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reports_evidence_changelist")


@pytest.fixture(autouse=True)
def _rule_settings(settings):
    make.default_rule_settings(settings)


@pytest.fixture
def district():
    return make.region("东河区", parent=make.region("包头市"))


@pytest.fixture
def setup(district):
    """Two tasks serving one indicator each; task 1 has one suggestion from a 2024 report, task 2 none."""
    system, (served, _) = make.system(leaves=2)
    plan = make.plan(district, system=system)
    first = make.task(plan, 1, indicators=[served])
    second = make.task(plan, 2)
    report = make.report(district, 2024)
    suggestion = make.evidence(task=first, report=report)
    flag_gaps(district, today=make.TODAY)
    return first, second, served, suggestion


def open_gap(rule, **target) -> bool:
    return Gap.objects.filter(rule=rule, state=GapState.OPEN, **target).exists()


def test_rejecting_the_only_evidence_opens_the_task_and_indicator_gaps(admin_client, setup):
    first, _, served, suggestion = setup
    assert not open_gap("task_no_evidence", task=first)
    assert not open_gap("indicator_no_evidence", indicator=served)

    response = admin_client.post(
        CHANGELIST, {"action": "reject_selected", "_selected_action": [suggestion.pk]}, follow=True
    )

    assert open_gap("task_no_evidence", task=first)
    assert open_gap("indicator_no_evidence", indicator=served)
    assert "已驳回 1 条佐证。差距清单已随之更新：新出现差距 2 项。" in response.content.decode()


def test_confirming_changes_no_gap_and_says_nothing_about_gaps(admin_client, setup):
    *_, suggestion = setup
    before = list(Gap.objects.order_by("pk").values_list("pk", "state", "last_flagged_at"))

    response = admin_client.post(
        CHANGELIST, {"action": "confirm_selected", "_selected_action": [suggestion.pk]}, follow=True
    )

    page = response.content.decode()
    assert "已确认 1 条佐证。" in page and "差距清单" not in page
    assert list(Gap.objects.order_by("pk").values_list("pk", "state", "last_flagged_at")) == before


def test_confirming_a_rejected_suggestion_again_closes_the_gaps_it_had_opened(admin_user, setup):
    first, _, served, suggestion = setup
    review.reject(Evidence.objects.filter(pk=suggestion.pk), admin_user)
    assert open_gap("task_no_evidence", task=first)

    count = review.confirm(Evidence.objects.filter(pk=suggestion.pk), admin_user)

    for gap in (Gap.objects.get(rule="task_no_evidence", task=first),
                Gap.objects.get(rule="indicator_no_evidence", indicator=served)):
        assert gap.state == GapState.RESOLVED and gap.resolved_at is not None
    assert sum(r.resolved for r in count.gap_results) == 2


def test_a_note_added_by_hand_closes_the_task_gap_at_once(admin_client, setup):
    _, second, *_ = setup
    assert open_gap("task_no_evidence", task=second)

    response = admin_client.post(
        reverse("admin:reports_evidence_add"),
        {"task": second.pk, "kind": "note", "note": "已印发实施方案并召开推进会", "year": 2024},
        follow=True,
    )

    assert response.status_code == 200
    assert Evidence.objects.filter(task=second, state=EvidenceState.CONFIRMED).count() == 1
    assert Gap.objects.get(rule="task_no_evidence", task=second).state == GapState.RESOLVED
    assert "差距清单已随之更新：已解决差距 1 项。" in response.content.decode()


def test_changing_the_state_in_the_form_rechecks_the_gap(admin_client, setup):
    first, _, _, suggestion = setup
    url = reverse("admin:reports_evidence_change", args=[suggestion.pk])

    response = admin_client.post(url, {"state": EvidenceState.REJECTED, "note": ""}, follow=True)

    assert response.status_code == 200
    assert Evidence.objects.get(pk=suggestion.pk).state == EvidenceState.REJECTED
    assert open_gap("task_no_evidence", task=first)


def test_deleting_the_only_evidence_opens_the_gap(admin_client, setup):
    first, _, _, suggestion = setup

    response = admin_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [suggestion.pk], "post": "yes"}, follow=True
    )

    assert not Evidence.objects.filter(pk=suggestion.pk).exists()
    assert open_gap("task_no_evidence", task=first)
    assert "新出现差距 2 项" in response.content.decode()


def test_the_recheck_leaves_other_tasks_and_regions_alone(admin_user, setup, district):
    first, second, _, suggestion = setup
    other = make.region("西河区", parent=district.parent)
    make.task(make.plan(other), 1)
    flag_gaps(other, today=make.TODAY)
    # Resolve task 2's gap behind the rules' back: a re-check limited to task 1 must not touch it.
    Gap.objects.filter(rule="task_no_evidence", task=second).update(state=GapState.RESOLVED)
    before_other = list(Gap.objects.filter(region=other).values_list("pk", "state", "last_flagged_at"))

    review.reject(Evidence.objects.filter(pk=suggestion.pk), admin_user)

    assert open_gap("task_no_evidence", task=first)
    assert Gap.objects.get(rule="task_no_evidence", task=second).state == GapState.RESOLVED
    assert list(Gap.objects.filter(region=other).values_list("pk", "state", "last_flagged_at")) == before_other


def test_a_report_rechecks_only_the_regions_where_its_evidence_counts(monkeypatch):
    from reports import pipeline
    from reports.gaps import flagging

    city = make.region("包头市")
    east, west = make.region("东河区", parent=city), make.region("西河区", parent=city)
    system, (shared, _) = make.system(leaves=2)
    east_task = make.task(make.plan(east, system=system), 1, indicators=[shared])
    make.task(make.plan(west, system=system), 1, indicators=[shared])
    for district in (east, west):
        flag_gaps(district, today=make.TODAY)
    report = make.report(city, 2024)  # the city's report proves a task of 东河区
    make.evidence(task=east_task, report=report)
    checked = []
    real_flag = flagging.flag_gaps
    monkeypatch.setattr(flagging, "flag_gaps", lambda region, **kw: checked.append(region.name) or real_flag(region, **kw))

    pipeline.gaps_step(report.pk)

    assert checked == ["东河区"]
    assert not open_gap("task_no_evidence", task=east_task)
    assert not open_gap("indicator_no_evidence", indicator=shared, region=east)
    # 西河区's gap on the same indicator: its own task has no evidence, and the city's report cannot change that
    assert open_gap("indicator_no_evidence", indicator=shared, region=west)


# ---------------------------------------------------------------- tasks changed in the admin
@pytest.fixture
def overdue(district):
    """Four overdue tasks led by one unit (over the limit of three), gaps flagged as the nightly run would."""
    import datetime

    lead = make.unit(district, "区司法局")
    plan = make.plan(district)
    tasks = [make.task(plan, n, leads=[lead], due=datetime.date(2020, 6, 30)) for n in range(1, 5)]
    flag_gaps(district)
    return lead, tasks


def test_marking_an_overdue_task_done_closes_its_gaps_at_once(admin_client, overdue):
    lead, tasks = overdue
    assert open_gap("task_overdue", task=tasks[0]) and open_gap("unit_overdue", unit=lead)

    response = admin_client.post(
        reverse("admin:checklist_task_changelist"),
        {"action": "set_status_done", "_selected_action": [tasks[0].pk]},
        follow=True,
    )

    assert Gap.objects.get(rule="task_overdue", task=tasks[0]).state == GapState.RESOLVED
    assert Gap.objects.get(rule="unit_overdue", unit=lead).state == GapState.RESOLVED  # three left: at the limit
    assert open_gap("task_overdue", task=tasks[1])
    page = response.content.decode()
    assert "已将 1 项任务的状态设为“已完成”。差距清单已随之更新：已解决差距 2 项。" in page


def test_a_task_set_to_not_applicable_in_its_form_loses_its_gaps(admin_client, overdue):
    _, tasks = overdue
    task = tasks[3]
    url = reverse("admin:checklist_task_change", args=[task.pk])
    link = task.taskleadunit_set.get()
    data = {
        "plan": task.plan_id, "number": task.number, "title": task.title, "status": "not_applicable",
        "due_date": "2020-06-30", "due_text": "", "progress": "机构调整，任务取消", "text": "",
        "taskleadunit_set-TOTAL_FORMS": 1, "taskleadunit_set-INITIAL_FORMS": 1,
        "taskleadunit_set-MIN_NUM_FORMS": 0, "taskleadunit_set-MAX_NUM_FORMS": 1000,
        "taskleadunit_set-0-id": link.pk, "taskleadunit_set-0-task": task.pk,
        "taskleadunit_set-0-unit": link.unit_id, "taskleadunit_set-0-position": 0,
        "taskresponsibleunit_set-TOTAL_FORMS": 0, "taskresponsibleunit_set-INITIAL_FORMS": 0,
        "taskresponsibleunit_set-MIN_NUM_FORMS": 0, "taskresponsibleunit_set-MAX_NUM_FORMS": 1000,
    }  # fmt: skip

    response = admin_client.post(url, data, follow=True)

    task.refresh_from_db()
    assert task.status == "not_applicable", response.content.decode()[:2000]
    # 不适用: no longer checked at all, so every gap of its own is resolved
    assert not Gap.objects.filter(task=task, state=GapState.OPEN).exists()
    assert Gap.objects.filter(task=task, state=GapState.RESOLVED).count() >= 2
    assert "差距清单已随之更新" in response.content.decode()


def test_saving_a_task_unchanged_rechecks_nothing(admin_client, overdue, monkeypatch):
    from reports.gaps import recheck

    calls = []
    monkeypatch.setattr(recheck, "flag_gaps", lambda region, **kw: calls.append(region))
    _, tasks = overdue
    admin_client.post(
        reverse("admin:checklist_task_changelist"),
        {"action": "set_status_in_progress", "_selected_action": [tasks[0].pk]},  # in progress already
        follow=True,
    )
    assert calls == []


def test_importing_a_plan_flags_its_gaps_at_once():
    import io

    from django.core.management import call_command

    from tests.helpers import ROOT

    out = io.StringIO()
    call_command("import_plan", str(ROOT / "fixtures" / "documents" / "donghe-2021-plan.txt"),
                 "--region", "包头市/东河区", "--year", "2021", stdout=out)

    # 26 tasks, none with evidence yet: the gap list says so before the nightly run
    assert Gap.objects.filter(region__name="东河区", rule="task_no_evidence", state=GapState.OPEN).count() == 26
    assert "差距清单已随之更新：新出现差距" in out.getvalue()
    out = io.StringIO()
    call_command("import_plan", str(ROOT / "fixtures" / "documents" / "donghe-2021-plan.txt"),
                 "--region", "包头市/东河区", "--year", "2021", stdout=out)
    assert "差距清单" not in out.getvalue()  # the same plan again: nothing changed, nothing said
