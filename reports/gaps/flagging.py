"""The life of a gap: 待处理 → 已知悉 (with a note) → 已解决, and back to 待处理 if it comes back.

flag_gaps runs every rule for a region and brings its Gap rows in line with what they found, in one
transaction:

* a finding with no row yet → a new gap, 待处理;
* a finding whose gap was 已解决 → the gap is reopened (待处理 again, reopened_count + 1, resolved_at
  cleared); the note of the earlier acknowledgement stays, as the record of what was said then;
* a finding whose gap is 待处理 or 已知悉 → the gap keeps its state; its message, remedy and links are
  brought up to date when they changed;
* a 待处理 or 已知悉 gap that no rule finds any more → 已解决, with the time.

Running it again on unchanged data writes nothing: last_flagged_at is only set when a gap is
created, reopened or its text changes, so the second run finds every row as it wants it.
"""
import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from checklist.models import Region

from ..models import Gap, GapState
from .rules import GapContext, GapFinding, collect_findings

logger = logging.getLogger(__name__)

ACTIVE = (GapState.OPEN, GapState.ACKNOWLEDGED)
# What a rule sets on a gap; a change in any of them is written back.
FINDING_FIELDS = ("message", "remedy", "plan_id", "task_id", "indicator_id", "unit_id", "fact_id")
BATCH = 500


class NoteRequired(ValueError):
    """Acknowledging a gap needs a note saying why it is left as it is or what is being done."""


@dataclass
class FlagResult:
    region: Region
    created: int = 0
    reopened: int = 0
    updated: int = 0
    resolved: int = 0
    unchanged: int = 0
    open_total: int = 0  # 待处理 and 已知悉 gaps after the run

    def summary(self) -> str:
        return (
            f"{self.region}：新发现差距 {self.created} 项，重新出现 {self.reopened} 项，"
            f"已自动解决 {self.resolved} 项，内容更新 {self.updated} 项，未变 {self.unchanged} 项；"
            f"现有未解决差距 {self.open_total} 项。"
        )

    def as_dict(self) -> dict:
        return {
            "region": self.region.pk,
            "created": self.created,
            "reopened": self.reopened,
            "updated": self.updated,
            "resolved": self.resolved,
            "unchanged": self.unchanged,
            "open_total": self.open_total,
        }


def flag_gaps(region: Region, today: datetime.date | None = None, rules=None, only_tasks=None,
              only_indicators=None) -> FlagResult:
    """Run the gap rules for `region` and apply the life cycle (see the module docstring).

    `rules` (codes) limits the run to those rules, and `only_tasks` / `only_indicators` (ids) the tasks and
    indicators whose own gaps are checked: after a report, the ones it brought evidence to. Gaps outside
    what was checked are left as they are (the nightly run checks everything)."""
    ctx = GapContext.build(region, today)
    scoped = only_tasks is not None or only_indicators is not None
    if scoped:
        ctx.only_tasks, ctx.only_indicators = frozenset(only_tasks or ()), frozenset(only_indicators or ())
    result = FlagResult(region=region)
    with transaction.atomic():
        # One run per region at a time: two runs would both create the same new gaps.
        list(Region.objects.select_for_update().filter(pk=region.pk).order_by().values_list("pk", flat=True))
        findings = _unique(collect_findings(ctx, rules))
        gaps = Gap.objects.filter(region=region).order_by()  # no join on the region for the default order
        if rules is not None:
            gaps = gaps.filter(rule__in=rules)
        if scoped:
            gaps = gaps.filter(
                Q(task_id__in=ctx.only_tasks) | Q(indicator_id__in=ctx.only_indicators)
                | Q(task__isnull=True, indicator__isnull=True)
            )
        existing = {(g.rule, g.key): g for g in gaps}
        now = timezone.now()
        to_create, to_update, resolved_ids = [], [], []
        for finding in findings:
            gap = existing.get((finding.rule, finding.key))
            if gap is None:
                to_create.append(_new_gap(region, finding, now))
                result.created += 1
            elif gap.state == GapState.RESOLVED:
                _apply(gap, finding, now)
                gap.state, gap.resolved_at, gap.reopened_count = GapState.OPEN, None, gap.reopened_count + 1
                gap.last_flagged_at = now
                to_update.append(gap)
                result.reopened += 1
            elif _apply(gap, finding, now):
                to_update.append(gap)
                result.updated += 1
            else:
                result.unchanged += 1
        found = {(f.rule, f.key) for f in findings}
        for key, gap in existing.items():
            if key not in found and gap.state in ACTIVE:
                resolved_ids.append(gap.pk)
        result.resolved = len(resolved_ids)
        result.open_total = len(findings)

        Gap.objects.bulk_create(to_create, batch_size=BATCH)
        if to_update:
            Gap.objects.bulk_update(
                to_update,
                [*FINDING_FIELDS, "state", "resolved_at", "reopened_count", "last_flagged_at"],
                batch_size=BATCH,
            )
        if resolved_ids:
            Gap.objects.filter(pk__in=resolved_ids).update(state=GapState.RESOLVED, resolved_at=now)
    logger.info("%s", result.summary())
    return result


def flag_all_regions(today: datetime.date | None = None) -> list[FlagResult]:
    """flag_gaps for every region with plans, reports or gaps; one region failing does not stop the others."""
    regions = Region.objects.filter(
        Q(plans__isnull=False) | Q(reports__isnull=False) | Q(gaps__isnull=False)
    ).distinct().select_related("parent")
    results = []
    for region in regions:
        try:
            results.append(flag_gaps(region, today))
        except Exception:  # noqa: BLE001 - logged; the other regions still get their run
            logger.exception("检查差距失败：%s", region)
    return results


def acknowledge(gaps, user, note: str) -> int:
    """Mark 待处理 (or update 已知悉) gaps as 已知悉 with `note`; returns how many. 已解决 gaps are left alone.

    `gaps` is a Gap queryset or a list of ids. Without a note nothing is written.
    """
    note = (note or "").strip()
    if not note:
        raise NoteRequired("请填写处理说明：说明为何暂不处理，或已采取哪些措施。")
    queryset = gaps if hasattr(gaps, "filter") else Gap.objects.filter(pk__in=list(gaps))
    return queryset.filter(state__in=ACTIVE).update(
        state=GapState.ACKNOWLEDGED, note=note, acknowledged_by=user, acknowledged_at=timezone.now()
    )


def _unique(findings: list[GapFinding]) -> list[GapFinding]:
    seen, unique = set(), []
    for finding in findings:
        if (finding.rule, finding.key) not in seen:
            seen.add((finding.rule, finding.key))
            unique.append(finding)
    return unique


def _new_gap(region: Region, finding: GapFinding, now) -> Gap:
    return Gap(
        region=region,
        rule=finding.rule,
        key=finding.key,
        state=GapState.OPEN,
        last_flagged_at=now,
        **{field: getattr(finding, field) for field in FINDING_FIELDS},
    )


def _apply(gap: Gap, finding: GapFinding, now) -> bool:
    """Copy what the rule found onto `gap`; True when anything changed."""
    changed = False
    for field in FINDING_FIELDS:
        value = getattr(finding, field)
        if getattr(gap, field) != value:
            setattr(gap, field, value)
            changed = True
    if changed:
        gap.last_flagged_at = now
    return changed
