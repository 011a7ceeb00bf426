"""One history entry per user-visible change of a task, with the units as they are after the change."""
from .models.plans import TASK_HISTORY, Task


def record_task_change(task: Task, created: bool = False, user=None) -> None:
    """Write the history entry for `task` once its units are in place.

    Units are stored in through tables written after the task row; callers save the task with
    `save_without_historical_record()`, attach the units, then call this so the entry shows both.
    """
    if user is not None:
        task._history_user = user
    TASK_HISTORY.create_historical_record(task, "+" if created else "~")


def unit_ids(task: Task) -> tuple[list[int], list[int]]:
    """The task's lead and responsible unit ids, in written order (to detect changes)."""
    lead = list(task.taskleadunit_set.order_by("position").values_list("unit_id", flat=True))
    resp = list(task.taskresponsibleunit_set.order_by("position").values_list("unit_id", flat=True))
    return lead, resp


def set_units(task: Task, lead: list, responsible: list) -> bool:
    """Replace the task's units keeping the written order; return True when anything changed."""
    from .models import TaskLeadUnit, TaskResponsibleUnit

    new_lead, new_resp = [u.pk for u in lead], [u.pk for u in responsible]
    if unit_ids(task) == (new_lead, new_resp):
        return False
    for model, ids in ((TaskLeadUnit, new_lead), (TaskResponsibleUnit, new_resp)):
        model.objects.filter(task=task).delete()
        model.objects.bulk_create(model(task=task, unit_id=uid, position=i) for i, uid in enumerate(ids))
    return True
