"""insert_rows, the write path of big ledger imports: every row arrives, across many statements."""
import datetime

import pytest
from django.utils import timezone

from checklist.bulk import insert_rows
from checklist.models import Task, TaskLeadUnit
from tests.helpers import import_donghe

pytestmark = pytest.mark.django_db


def test_rows_spanning_many_statements_all_arrive_with_their_values():
    plan = import_donghe().plan
    now = timezone.now()
    rows = [
        (plan.pk, 1000 + n, f"任务{n}", "", datetime.date(2026, 6, 30) if n % 2 else None, "2026年6月底前", "in_progress", "", now)
        for n in range(2500)  # more rows than one statement takes on either database
    ]
    fields = ["plan", "number", "title", "text", "due_date", "due_text", "status", "progress", "updated_at"]
    assert insert_rows(Task, fields, rows) == 2500
    added = Task.objects.filter(plan=plan, number__gte=1000)
    assert added.count() == 2500
    assert added.filter(due_date=datetime.date(2026, 6, 30)).count() == 1250
    task = added.get(number=3499)
    assert (task.title, task.due_text, task.status, task.updated_at) == ("任务2499", "2026年6月底前", "in_progress", now)


def test_link_rows_keep_their_positions():
    plan = import_donghe().plan
    task = Task.objects.get(plan=plan, number=14)
    units = list(Task.objects.get(plan=plan, number=24).lead_units.all())
    TaskLeadUnit.objects.filter(task=task).delete()
    insert_rows(TaskLeadUnit, ["task", "unit", "position"], [(task.pk, u.pk, i) for i, u in enumerate(units)])
    assert list(task.taskleadunit_set.order_by("position").values_list("unit_id", flat=True)) == [u.pk for u in units]
