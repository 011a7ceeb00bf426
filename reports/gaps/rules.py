"""The gap rules: one function per code in RULE_LABELS, each returning what it finds as GapFindings.

A rule reads a region's data in a fixed number of queries however many tasks there are (a region may
have thousands); reports.gaps.flagging turns the findings into Gap rows and keeps their life cycle.

What the rules look at
----------------------
* Tasks: every task of the region's own plans, except those marked 不适用 (staff decided they need no
  work, so they need no evidence, unit or indicator either).
* Assessment period: the years from ``today.year − LAWGOV_GAP_PERIOD_YEARS`` to now (in 2025 with the
  default 3: 2022 on), or from LAWGOV_GAP_PERIOD_START when that is set. Evidence counts when it is suggested or confirmed (rejected never does) and
  its year is in the period. Evidence without a year of its own takes its report's year; evidence
  with neither (a file or note staff uploaded by hand) counts, as staff added it on purpose.
* Indicator systems: each plan's 对应指标体系; for a plan without one, the systems of the indicators
  its tasks are linked to.
* Leaf indicator: an indicator of those systems without children, the level the assessment scores.
  A task serves an indicator when it is linked to that indicator itself: a link to a parent is too
  vague to say which of its children the task answers.
* Evidence for an indicator: evidence on the indicator itself, or evidence on a task of this region
  that serves it. Evidence on an indicator belongs to the region of its task when it names one, else
  to the region of its report; uploaded with neither, it counts for every region.
* Facts: rate figures (比率) read from this region's reports. For each target the latest report year
  with a matching figure decides, and within that year the lowest figure (what an assessor would
  quote). A later report showing the target closes the gap.
"""
import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from checklist.models import Indicator, Plan, Region, Task, TaskLeadUnit, TaskStatus
from checklist.parsing.text import compact

from ..models import Evidence, EvidenceState, Fact, ReportStatus
from . import RULE_LABELS

TITLE_LIMIT = 40  # characters of a task or indicator title quoted in a message
METRIC_GAP = 8  # characters a report may put inside a target's name (政府法律顾问【工作】覆盖率)

TaskIndicator = Task.indicators.through


@dataclass(frozen=True)
class GapFinding:
    """One thing a rule found missing; `key` identifies its object within the rule and region."""

    rule: str
    key: str
    message: str
    remedy: str = ""
    plan_id: int | None = None
    task_id: int | None = None
    indicator_id: int | None = None
    unit_id: int | None = None
    fact_id: int | None = None


@dataclass
class GapContext:
    """What the rules check: one region, on one day, against one assessment period."""

    region: Region
    today: datetime.date
    period_start: int  # the first year of the assessment period
    # When set, the per-object evidence rules look only at these tasks / indicators (a report's re-check)
    only_tasks: frozenset | None = None
    only_indicators: frozenset | None = None

    @classmethod
    def build(cls, region: Region, today: datetime.date | None = None, period_years: int | None = None) -> "GapContext":
        today = today or timezone.localdate()
        start = settings.LAWGOV_GAP_PERIOD_START
        if period_years is not None or not start:
            start = today.year - (settings.LAWGOV_GAP_PERIOD_YEARS if period_years is None else period_years)
        return cls(region=region, today=today, period_start=start)

    @property
    def tasks(self):
        """The tasks the rules check (a query, not yet run)."""
        return Task.objects.filter(plan__region=self.region).exclude(status=TaskStatus.NOT_APPLICABLE)

    @property
    def checked_tasks(self):
        """The tasks whose own gaps are checked: all of them, or only those given."""
        tasks = self.tasks
        return tasks if self.only_tasks is None else tasks.filter(pk__in=self.only_tasks)

    @property
    def checked_leaves(self) -> list[dict]:
        if self.only_indicators is None:
            return self.leaves
        if not self.only_indicators:
            return []
        return [r for r in self.leaves if r["id"] in self.only_indicators]

    def evidence_counts(self) -> Q:
        """Evidence that shows work in the assessment period (see the module docstring)."""
        start = self.period_start
        in_period = (
            Q(year__gte=start)
            | Q(year__isnull=True, report__year__gte=start)
            | Q(year__isnull=True, report__isnull=True)
        )
        return Q(state__in=(EvidenceState.SUGGESTED, EvidenceState.CONFIRMED)) & in_period

    @cached_property
    def plan_titles(self) -> dict[int, str]:
        return dict(Plan.objects.filter(region=self.region).values_list("id", "title"))

    @cached_property
    def lead_names(self) -> dict[int, str]:
        """Task id → its lead units as the plan lists them, e.g. 区司法局、区发改委."""
        names = defaultdict(list)
        rows = (
            TaskLeadUnit.objects.filter(task__plan__region=self.region)
            .order_by("task_id", "position", "id")
            .values_list("task_id", "unit__name")
        )
        for task_id, name in rows:
            names[task_id].append(name)
        return {task_id: "、".join(units) for task_id, units in names.items()}

    @cached_property
    def system_ids(self) -> set[int]:
        plans = Plan.objects.filter(region=self.region)
        ids = set(plans.exclude(indicator_system=None).order_by().values_list("indicator_system_id", flat=True))
        linked = Indicator.objects.filter(tasks__in=self.tasks.filter(plan__indicator_system=None))
        ids |= set(linked.order_by().values_list("system_id", flat=True).distinct())
        return ids

    @cached_property
    def leaves(self) -> list[dict]:
        """The leaf indicators of the region's systems, in the order the systems list them."""
        if not self.system_ids:
            return []
        children = Indicator.objects.filter(parent=OuterRef("pk"))
        return list(
            Indicator.objects.filter(system_id__in=self.system_ids)
            .filter(~Exists(children))
            .order_by("system_id", "position", "id")
            .values("id", "code", "name", "text", "expected_materials")
        )

    def task_label(self, row: dict, with_leads: bool = True) -> str:
        label = f"《{self.plan_titles.get(row['plan_id'], '')}》任务“{row['number']}. {_short(row['title'])}”"
        if with_leads:
            label += f"（牵头单位：{self.lead_names.get(row['id']) or '未明确'}）"
        return label


def _short(text: str, limit: int = TITLE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _task_rows(tasks) -> list[dict]:
    return list(tasks.order_by("plan_id", "number").values("id", "number", "title", "plan_id", "due_date", "status"))


def _indicator_label(row: dict) -> str:
    return f"{row['code']} {_short(row['name'] or row['text'])}".strip()


# --- the rules --------------------------------------------------------------------------------


def task_no_evidence(ctx: GapContext) -> list[GapFinding]:
    """任务缺少佐证: a task with no suggested or confirmed evidence in the assessment period."""
    if ctx.only_tasks is not None and not ctx.only_tasks:
        return []  # a re-check that checks no task (the query would find none, but costs building)
    evidenced = Evidence.objects.filter(ctx.evidence_counts(), task=OuterRef("pk"))
    return [
        GapFinding(
            rule="task_no_evidence",
            key=f"task:{row['id']}",
            message=f"{ctx.task_label(row)}在评估期内（{ctx.period_start}年以来）没有已确认或建议的佐证。",
            remedy=f"上传{ctx.period_start}年以来的年度报告或补充佐证材料，并在佐证列表中确认。",
            plan_id=row["plan_id"],
            task_id=row["id"],
        )
        for row in _task_rows(ctx.checked_tasks.filter(~Exists(evidenced)))
    ]


def task_overdue(ctx: GapContext) -> list[GapFinding]:
    """任务逾期未完成: a task past its due date that is neither done nor marked 不适用."""
    return [
        GapFinding(
            rule="task_overdue",
            key=f"task:{row['id']}",
            # No day count here: the message would change every night and the gap with it.
            message=(
                f"{ctx.task_label(row)}的完成时限为{_date(row['due_date'])}，"
                f"已逾期，状态仍为“{TaskStatus(row['status']).label}”。"
            ),
            remedy=(
                "督促牵头单位完成任务，将状态改为“已完成”并填写进展情况；完成时限已按程序调整的，更新完成时限；"
                "确实无需开展的，将状态改为“不适用”并在进展情况中说明理由。"
            ),
            plan_id=row["plan_id"],
            task_id=row["id"],
        )
        for row in _task_rows(ctx.tasks.overdue(ctx.today))
    ]


def task_no_lead_unit(ctx: GapContext) -> list[GapFinding]:
    """任务无牵头单位: a task nobody leads."""
    led = TaskLeadUnit.objects.filter(task=OuterRef("pk"))
    return [
        GapFinding(
            rule="task_no_lead_unit",
            key=f"task:{row['id']}",
            message=f"{ctx.task_label(row, with_leads=False)}没有牵头单位，无人对其负责。",
            remedy="在任务页面添加牵头单位，或在台账“牵头单位”列填写后重新导入。",
            plan_id=row["plan_id"],
            task_id=row["id"],
        )
        for row in _task_rows(ctx.tasks.filter(~Exists(led)))
    ]


def task_no_indicator(ctx: GapContext) -> list[GapFinding]:
    """任务未对应指标: a task linked to no indicator, so nothing says which requirement it answers."""
    linked = TaskIndicator.objects.filter(task_id=OuterRef("pk"))
    return [
        GapFinding(
            rule="task_no_indicator",
            key=f"task:{row['id']}",
            message=f"{ctx.task_label(row)}没有对应任何示范指标，无法说明它服务于哪项考核要求。",
            remedy="在任务的“对应指标”中选择该任务服务的示范指标（末级指标）。",
            plan_id=row["plan_id"],
            task_id=row["id"],
        )
        for row in _task_rows(ctx.tasks.filter(~Exists(linked)))
    ]


def indicator_no_task(ctx: GapContext) -> list[GapFinding]:
    """指标无任务承接: a leaf indicator of the region's systems that no task of its plans serves."""
    if not ctx.leaves:
        return []
    served = set(TaskIndicator.objects.filter(task__in=ctx.tasks).values_list("indicator_id", flat=True))
    return [
        GapFinding(
            rule="indicator_no_task",
            key=f"indicator:{row['id']}",
            message=f"指标“{_indicator_label(row)}”没有本地区工作计划中的任务承接。",
            remedy="在承接该指标的任务中将其选为“对应指标”；没有相应任务的，在下一年度工作计划中增加任务。",
            indicator_id=row["id"],
        )
        for row in ctx.leaves
        if row["id"] not in served
    ]


def indicator_no_evidence(ctx: GapContext) -> list[GapFinding]:
    """指标缺少佐证: a leaf indicator with no evidence in the period, on itself or on a task serving it."""
    checked = ctx.checked_leaves
    if not checked:
        return []
    counts = ctx.evidence_counts()
    ids = [row["id"] for row in checked]
    own = Evidence.objects.filter(counts, indicator_id__in=ids).filter(
        Q(task__plan__region=ctx.region)
        | Q(task__isnull=True, report__region=ctx.region)
        | Q(task__isnull=True, report__isnull=True)
    )
    via_tasks = TaskIndicator.objects.filter(indicator_id__in=ids, task__in=ctx.tasks).filter(
        Exists(Evidence.objects.filter(counts, task_id=OuterRef("task_id")))
    )
    evidenced = set(own.values_list("indicator_id", flat=True)) | set(via_tasks.values_list("indicator_id", flat=True))
    findings = []
    for row in checked:
        if row["id"] in evidenced:
            continue
        materials = _short(row["expected_materials"], 80)
        findings.append(
            GapFinding(
                rule="indicator_no_evidence",
                key=f"indicator:{row['id']}",
                message=(
                    f"指标“{_indicator_label(row)}”在评估期内（{ctx.period_start}年以来）没有佐证："
                    "该指标及承接它的任务都没有已确认或建议的佐证。"
                ),
                remedy="为承接该指标的任务补充佐证，或直接为该指标上传佐证材料"
                + (f"（应备材料：{materials}）" if materials else "")
                + "。",
                indicator_id=row["id"],
            )
        )
    return findings


def unit_overdue(ctx: GapContext) -> list[GapFinding]:
    """单位逾期任务过多: a unit leading more than LAWGOV_UNIT_OVERDUE_LIMIT overdue tasks.

    Collective names (区政府各部门) are left out: they are no one to hold to account; their overdue
    tasks are still flagged one by one.
    """
    limit = settings.LAWGOV_UNIT_OVERDUE_LIMIT
    rows = (
        TaskLeadUnit.objects.filter(task__in=ctx.tasks.overdue(ctx.today), unit__is_collective=False)
        .order_by("unit_id", "task__plan_id", "task__number")
        .values_list("unit_id", "unit__name", "task__plan_id", "task__number")
    )
    units: dict[int, tuple[str, dict[int, list[int]]]] = {}
    for unit_id, name, plan_id, number in rows:
        units.setdefault(unit_id, (name, defaultdict(list)))[1][plan_id].append(number)
    findings = []
    for unit_id, (name, by_plan) in units.items():
        count = sum(len(numbers) for numbers in by_plan.values())
        if count <= limit:
            continue
        listing = "；".join(
            f"《{ctx.plan_titles.get(plan_id, '')}》第{'、'.join(map(str, numbers))}项" for plan_id, numbers in by_plan.items()
        )
        findings.append(
            GapFinding(
                rule="unit_overdue",
                key=f"unit:{unit_id}",
                message=f"{name}牵头的任务中有{count}项已逾期未完成，超过{limit}项：{listing}。",
                remedy=f"督促{name}逐项完成逾期任务并更新任务状态；确需调整时限的，按程序调整后更新完成时限。",
                unit_id=unit_id,
            )
        )
    return findings


def metric_pattern(target: str) -> re.Pattern:
    """How a target name is found in a figure's name.

    The name may stand inside a longer one (全市行政机关负责人出庭应诉率), and a few characters may stand
    before the last three (政府法律顾问工作覆盖率 for 法律顾问覆盖率); "…" in the target marks that place
    explicitly (法律顾问…覆盖率). 审核 and 审查 stand for each other (合法性审查率 for 合法性审核率).
    """
    target = compact(target)
    if "…" in target:
        parts = [p for p in target.split("…") if p]
    elif len(target) > 4:
        parts = [target[:-3], target[-3:]]
    else:
        parts = [target]
    pattern = f".{{0,{METRIC_GAP}}}".join(map(re.escape, parts))
    for word, either in _SAME_WORDS.items():
        pattern = pattern.replace(word, either)
    return re.compile(pattern)


# words reports use for one another in these names: 合法性审查率 is the 合法性审核率
_SAME_WORDS = {"审核": "审[核查]", "审查": "审[核查]"}


def fact_below_target(ctx: GapContext) -> list[GapFinding]:
    """数据未达标: a rate in LAWGOV_FACT_TARGETS whose latest reported figure is below its target."""
    targets = settings.LAWGOV_FACT_TARGETS
    if not targets:
        return []
    facts = list(
        Fact.objects.filter(report__region=ctx.region, is_rate=True)
        .exclude(report__status=ReportStatus.FAILED)
        .order_by("report__year", "report_id", "start", "id")
        .values("id", "metric", "value", "unit", "quote", "report__year", "report__title", "passage__index")
    )
    for fact in facts:
        fact["compact"] = compact(fact["metric"])
    findings = []
    for target, required in targets.items():
        pattern = metric_pattern(target)
        matched = [f for f in facts if pattern.search(f["compact"])]
        if not matched:
            continue
        year = max(f["report__year"] for f in matched)
        worst = min((f for f in matched if f["report__year"] == year), key=lambda f: f["value"])
        required = Decimal(str(required))
        if worst["value"] >= required:
            continue
        name = compact(target).replace("…", "")
        title = worst["report__title"] or f"{ctx.region.name} {year}年报告"  # untitled: named as in the admin
        findings.append(
            GapFinding(
                rule="fact_below_target",
                key=f"fact:{name}"[:100],
                message=(
                    f"{year}年度报告《{title}》中，{worst['metric']}为{_number(worst['value'])}{worst['unit'] or '%'}，"
                    f"未达到{_number(required)}%（第{worst['passage__index']}段原文：“{worst['quote']}”）。"
                ),
                remedy=(
                    f"核实该数据；属实的，督促相关单位整改，使{name}达到{_number(required)}%，"
                    "并在下一年度报告中写明达标数据，此差距将自动关闭。"
                ),
                fact_id=worst["id"],
            )
        )
    return findings


RULES: dict[str, Callable[[GapContext], list[GapFinding]]] = {
    "task_no_evidence": task_no_evidence,
    "task_overdue": task_overdue,
    "task_no_lead_unit": task_no_lead_unit,
    "task_no_indicator": task_no_indicator,
    "indicator_no_task": indicator_no_task,
    "indicator_no_evidence": indicator_no_evidence,
    "unit_overdue": unit_overdue,
    "fact_below_target": fact_below_target,
}
assert set(RULES) == set(RULE_LABELS), "every rule code needs a label and every label a rule"


# The rules whose answer a new report can change (its evidence and its figures).
EVIDENCE_RULES = ("task_no_evidence", "indicator_no_evidence", "fact_below_target")


def collect_findings(ctx: GapContext, rules=None) -> list[GapFinding]:
    """The findings of the given rules (default: every rule), in rule order."""
    findings = []
    for code, rule in RULES.items():
        if rules is None or code in rules:
            findings.extend(rule(ctx))
    return findings
