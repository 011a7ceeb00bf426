"""The gap pages: the list, the 已知悉 action with its note, the re-check action, and the reminder list."""
import pytest
from django.urls import reverse

from reports.gaps.flagging import flag_gaps
from reports.models import Gap, GapState, Reminder
from tests import gap_factories as make
from tests.gap_factories import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rule_settings(settings):
    make.default_rule_settings(settings)


def changelist():
    return reverse("admin:reports_gap_changelist")


@pytest.fixture
def gaps():
    """Flagged gaps for 东河区: task 1 has no evidence and no indicator."""
    region = make.region()
    justice = make.unit(region, "区司法局")
    plan = make.plan(region)
    task = make.task(plan, 1, "建立行政执法案卷评查制度", leads=[justice])
    flag_gaps(region, TODAY)
    return region, task


def test_list_shows_rule_message_object_link_and_state(admin_client, gaps):
    region, task = gaps
    page = admin_client.get(changelist()).content.decode()
    assert "任务缺少佐证" in page and "任务未对应指标" in page
    assert "建立行政执法案卷评查制度" in page and "待处理" in page
    assert reverse("admin:checklist_task_change", args=[task.pk]) in page


def test_filters_by_rule_and_state_and_search(admin_client, gaps):
    by_rule = admin_client.get(changelist(), {"rule": "task_no_indicator"})
    assert [g.rule for g in by_rule.context["cl"].result_list] == ["task_no_indicator"]
    assert admin_client.get(changelist(), {"state__exact": "resolved"}).context["cl"].result_count == 0
    assert admin_client.get(changelist(), {"q": "示范指标"}).context["cl"].result_count == 1


def _post_action(client, action, ids, **extra):
    return client.post(changelist(), {"action": action, "_selected_action": ids, **extra}, follow=True)


def test_acknowledge_asks_for_a_note_then_marks_the_gaps(admin_client, admin_user, gaps):
    ids = list(Gap.objects.values_list("pk", flat=True))
    page = _post_action(admin_client, "acknowledge_selected", ids, index="0")
    assert "处理说明（必填）" in page.content.decode()
    assert set(Gap.objects.values_list("state", flat=True)) == {GapState.OPEN}
    done = _post_action(admin_client, "acknowledge_selected", ids, apply="1", note="已要求区司法局年底前补充")
    assert "已将 2 项差距标记为已知悉。" in done.content.decode()
    for gap in Gap.objects.all():
        assert (gap.state, gap.note, gap.acknowledged_by) == (GapState.ACKNOWLEDGED, "已要求区司法局年底前补充", admin_user)


def test_acknowledge_without_a_note_changes_nothing(admin_client, gaps):
    ids = list(Gap.objects.values_list("pk", flat=True))
    before = list(Gap.objects.order_by("pk").values())
    page = _post_action(admin_client, "acknowledge_selected", ids, apply="1", note="  ")
    assert "请填写处理说明" in page.content.decode()
    assert list(Gap.objects.order_by("pk").values()) == before


def test_recheck_runs_the_rules_for_the_selected_gaps_regions(admin_client, gaps):
    region, task = gaps
    make.evidence(task=task, year=2025)
    ids = list(Gap.objects.values_list("pk", flat=True))
    page = _post_action(admin_client, "recheck_selected", ids)
    assert "东河区：新发现差距 0 项" in page.content.decode()
    assert Gap.objects.get(rule="task_no_evidence").state == GapState.RESOLVED


def test_change_page_edits_only_the_note(admin_client, gaps):
    gap = Gap.objects.get(rule="task_no_evidence")
    url = reverse("admin:reports_gap_change", args=[gap.pk])
    page = admin_client.get(url)
    assert list(page.context["adminform"].form.fields) == ["note"]
    response = admin_client.post(url, {"note": "材料在整理中", "message": "改掉"})
    assert response.status_code == 302
    gap.refresh_from_db()
    assert gap.note == "材料在整理中" and gap.message != "改掉"
    assert admin_client.get(reverse("admin:reports_gap_add")).status_code == 403


def test_reminder_list_is_read_only(admin_client, gaps):
    region, task = gaps
    reminder = Reminder.objects.create(
        task=task, unit=task.lead_units.get(), kind="overdue", due_date=TODAY, recipient="sfj@donghe.gov.cn"
    )
    page = admin_client.get(reverse("admin:reports_reminder_changelist")).content.decode()
    assert "sfj@donghe.gov.cn" in page and "已逾期" in page
    detail = admin_client.get(reverse("admin:reports_reminder_change", args=[reminder.pk]))
    assert detail.status_code == 200 and "adminform" in detail.context
    assert not detail.context["adminform"].form.fields
    assert admin_client.get(reverse("admin:reports_reminder_add")).status_code == 403
