"""Re-check the gaps a staff decision can change, right after it is made.

Rejecting a suggestion can leave a task or an indicator without evidence, adding a file or a note can
close its gap, and a task marked 已完成 is no longer overdue: staff expect the gap list to say so at once,
not after the nightly run. For evidence only the evidence rules of the tasks and indicators concerned are
checked, in the regions where they count; a changed task re-checks every rule of its region (a task's
status, units and indicators feed most of them, unit and indicator gaps included).
"""
from collections.abc import Iterable

from django.db.models import Q

from checklist.models import Region, Task

from .flagging import FlagResult, flag_gaps

RULES = ("task_no_evidence", "indicator_no_evidence")


def evidence_targets(evidence_qs) -> list[tuple]:
    """(task id, indicator id, report's region id) of each evidence row: what recheck_targets needs.
    Read before rows are deleted, since afterwards there is nothing left to tell where they counted."""
    return list(evidence_qs.order_by().values_list("task_id", "indicator_id", "report__region_id").distinct())


def where_evidence_counts(targets: Iterable[tuple]) -> dict[int, tuple[set, set]]:
    """Region id → (task ids, indicator ids) whose evidence gaps the given evidence can change: a task's
    evidence counts for the task and the indicators it serves, in the task's region; an indicator's own
    evidence in its report's region, or, added by hand, wherever the indicator is checked."""
    targets = list(targets)
    by_region: dict[int, tuple[set, set]] = {}

    def add(region_id, task_id=None, indicator_id=None):
        tasks, indicators = by_region.setdefault(region_id, (set(), set()))
        if task_id:
            tasks.add(task_id)
        if indicator_id:
            indicators.add(indicator_id)

    task_ids = {task_id for task_id, _, _ in targets if task_id}
    if task_ids:
        for task_id, region_id, indicator_id in Task.objects.filter(pk__in=task_ids).values_list(
            "pk", "plan__region_id", "indicators"
        ):
            add(region_id, task_id, indicator_id)
    loose = {(indicator_id, region_id) for task_id, indicator_id, region_id in targets if indicator_id and not task_id}
    if any(region_id is None for _, region_id in loose):
        everywhere = Region.objects.filter(Q(plans__isnull=False) | Q(gaps__isnull=False)).distinct()
        everywhere = list(everywhere.values_list("pk", flat=True))
    for indicator_id, region_id in loose:
        for region in [region_id] if region_id else everywhere:
            add(region, indicator_id=indicator_id)
    return by_region


def recheck_targets(targets: Iterable[tuple]) -> list[FlagResult]:
    """flag_gaps with the evidence rules, limited to the given tasks and indicators, in each region
    whose gaps they can change."""
    by_region = where_evidence_counts(targets)
    return [
        flag_gaps(region, rules=RULES, only_tasks=by_region[region.pk][0], only_indicators=by_region[region.pk][1])
        for region in Region.objects.filter(pk__in=by_region).order_by("pk")
    ]


def recheck_task_regions(sender, task_ids=(), plan_ids=(), **kwargs) -> str:
    """Receiver of checklist.signals.tasks_changed: every rule of the regions of the changed tasks or plans."""
    regions = Region.objects.filter(Q(plans__tasks__in=task_ids) | Q(plans__in=plan_ids)).distinct().order_by("pk")
    return changes_text([flag_gaps(region) for region in regions])


def changes_text(results: list[FlagResult]) -> str:
    """What the re-check changed, for the message staff see after their decision ("" when nothing)."""
    created = sum(r.created + r.reopened for r in results)
    resolved = sum(r.resolved for r in results)
    parts = []
    if created:
        parts.append(f"新出现差距 {created} 项")
    if resolved:
        parts.append(f"已解决差距 {resolved} 项")
    return f"差距清单已随之更新：{'，'.join(parts)}。" if parts else ""
