"""The task pages staff work in: list, filters, bulk status, history, and a query count that does not grow."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.models import Task
from tests.helpers import import_donghe

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:checklist_task_changelist")


@pytest.fixture
def plan():
    return import_donghe().plan


def test_list_shows_tasks_with_lead_units(admin_client, plan):
    page = admin_client.get(CHANGELIST).content.decode()
    assert "实施统一的市场准入负面清单制度" in page
    assert "区发改委、区商务局、区政务服务局" in page
    assert "26 任务" in page or "26 个任务" in page


def test_filters_by_status_overdue_and_lead_unit(admin_client, plan):
    Task.objects.filter(number__in=[1, 2]).update(status="done")
    Task.objects.filter(number=3).update(due_date=datetime.date(2021, 12, 31))
    Task.objects.filter(number=4).update(due_date=datetime.date(2021, 12, 31), status="done")
    done = admin_client.get(CHANGELIST, {"status__exact": "done"})
    assert done.context["cl"].result_count == 3
    overdue = admin_client.get(CHANGELIST, {"overdue": "yes"})
    assert [t.number for t in overdue.context["cl"].result_list] == [3]
    justice = Task.objects.get(number=22).lead_units.get()
    led = admin_client.get(CHANGELIST, {"lead_units__id__exact": justice.pk})
    assert led.context["cl"].result_count == 14


def test_search_covers_unit_names(admin_client, plan):
    found = admin_client.get(CHANGELIST, {"q": "区信访局"})
    assert [t.number for t in found.context["cl"].result_list] == [23]


def test_bulk_action_sets_status_and_records_who(admin_client, admin_user, plan):
    ids = list(Task.objects.filter(number__in=[5, 6]).values_list("pk", flat=True))
    response = admin_client.post(
        CHANGELIST, {"action": "set_status_in_progress", "_selected_action": ids}, follow=True
    )
    assert "已将 2 项任务的状态设为“进行中”" in response.content.decode()
    for task in Task.objects.filter(pk__in=ids):
        assert task.status == "in_progress"
        latest = task.history.first()
        assert (latest.status, latest.history_user) == ("in_progress", admin_user)
        assert latest.prev_record.status == "not_started"


def test_status_change_in_form_appears_in_history(admin_client, admin_user, plan):
    task = Task.objects.get(number=7)
    url = reverse("admin:checklist_task_change", args=[task.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "indicators"}
    data.update(plan=task.plan_id, section=task.section_id, status="done", progress="已上线一网通办")
    for prefix, links in (("taskleadunit_set", task.taskleadunit_set.all()), ("taskresponsibleunit_set", task.taskresponsibleunit_set.all())):
        data.update({f"{prefix}-TOTAL_FORMS": len(links), f"{prefix}-INITIAL_FORMS": len(links),
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for i, link in enumerate(links):
            data.update({f"{prefix}-{i}-id": link.pk, f"{prefix}-{i}-task": task.pk,
                         f"{prefix}-{i}-unit": link.unit_id, f"{prefix}-{i}-position": link.position})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    task.refresh_from_db()
    assert task.status == "done"
    latest = task.history.first()
    assert latest.history_user == admin_user
    delta = latest.diff_against(latest.prev_record)
    assert {(c.field, c.old, c.new) for c in delta.changes if c.field == "status"} == {("status", "not_started", "done")}
    history_page = admin_client.get(reverse("admin:checklist_task_history", args=[task.pk])).content.decode()
    assert "未开始 &rarr; 已完成" in history_page
    assert "（空） &rarr; 已上线一网通办" in history_page


def test_unit_change_in_form_is_kept_in_history(admin_client, plan):
    task = Task.objects.get(number=14)
    before = task.history.count()
    url = reverse("admin:checklist_task_change", args=[task.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "indicators"}
    data.update(plan=task.plan_id, section=task.section_id)
    lead = task.taskleadunit_set.get()
    new_unit = Task.objects.get(number=22).lead_units.get()
    data.update({
        "taskleadunit_set-TOTAL_FORMS": 2, "taskleadunit_set-INITIAL_FORMS": 1,
        "taskleadunit_set-0-id": lead.pk, "taskleadunit_set-0-task": task.pk,
        "taskleadunit_set-0-unit": lead.unit_id, "taskleadunit_set-0-position": 0,
        "taskleadunit_set-1-task": task.pk, "taskleadunit_set-1-unit": new_unit.pk, "taskleadunit_set-1-position": 1,
        "taskresponsibleunit_set-TOTAL_FORMS": 0, "taskresponsibleunit_set-INITIAL_FORMS": 0,
    })
    assert admin_client.post(url, data).status_code == 302
    assert task.history.count() == before + 1
    latest = task.history.first()
    assert [r.unit_id for r in latest.lead_units.order_by("position")] == [lead.unit_id, new_unit.pk]
    history_page = admin_client.get(reverse("admin:checklist_task_history", args=[task.pk])).content.decode()
    assert "区政府各相关行政执法部门 &rarr; 区政府各相关行政执法部门、区司法局" in history_page


def test_list_query_count_does_not_grow_with_rows(admin_client, plan):
    def count(per_page):
        from checklist.admin.tasks import TaskAdmin

        old = TaskAdmin.list_per_page
        TaskAdmin.list_per_page = per_page
        try:
            with CaptureQueriesContext(connection) as ctx:
                assert admin_client.get(CHANGELIST).status_code == 200
        finally:
            TaskAdmin.list_per_page = old
        return len(ctx.captured_queries)

    assert count(5) == count(26)


def test_plan_page_lists_its_tasks(admin_client, plan):
    page = admin_client.get(reverse("admin:checklist_plan_change", args=[plan.pk])).content.decode()
    assert "全力争创全国法治政府建设示范区" in page
    assert "包东政办发(2021)48号" in page


def test_a_page_that_does_not_exist_is_explained_in_chinese(admin_client, plan):
    response = admin_client.get(reverse("admin:checklist_task_history", args=[999999]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "返回工作台" in page and "Not Found" not in page
