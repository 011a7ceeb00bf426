"""The figures of a gap report, as one plain structure that the page, the PDF, the xlsx and the JSON all render.

Everything is read with a fixed number of queries (values() and grouped counts) and put together in
Python, so a region with 3,000 tasks costs the same number of queries as one with 30.

Definitions used throughout (also printed under the report, so leaders read the same thing):

- as in the gap rules (reports.gaps.rules), evidence counts when it is confirmed (已确认) or suggested
  (建议, still to be checked by staff); rejected evidence never does. The report shows how much of it
  still waits for a check;
- the period is one year of evidence (its own year, else its report's year) or all years; evidence
  staff uploaded without a year or a report counts in every year;
- "without evidence" counts the tasks that apply (not 不适用) and have no evidence;
- indicators are counted at the last level (末级指标, no children) of the systems the plans follow (for
  a plan without one, the systems its tasks are mapped to); an indicator is "covered" when it has
  evidence itself or through a task mapped to it;
- open gaps are gaps in state 待处理; acknowledged ones (已知悉) are listed too, resolved ones are not.

`notices` says, above the figures, what is missing from the data rather than from the work: a
partly loaded indicator system, a plan without tasks, a year without an annual report.
"""
import datetime
from collections import Counter, defaultdict

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from checklist.models import (
    Indicator, IndicatorSystem, Plan, PlanSection, Region, Task, TaskLeadUnit, TaskResponsibleUnit,
)
from checklist.models.indicators import completeness_levels, level_label
from checklist.models.plans import OPEN_STATUSES, TaskStatus

from ..gaps import RULE_LABELS
from ..gaps.rules import GapContext
from ..models import AnnualReport, Evidence, EvidenceKind, EvidenceState, Gap, GapState

STATUS_LABELS = dict(TaskStatus.choices)
EVIDENCE_STATE_LABELS = dict(EvidenceState.choices)
EVIDENCE_KIND_LABELS = dict(EvidenceKind.choices)
GAP_STATE_LABELS = dict(GapState.choices)
OBJECT_LABELS = {"task": "任务", "indicator": "指标", "unit": "单位", "fact": "数据事实", "plan": "工作计划", "region": "地区"}
UNRESOLVED = (GapState.OPEN, GapState.ACKNOWLEDGED)
NO_SECTION = "未分章节"
EXCERPT_CHARS = 120


def percent(part: int, whole: int) -> int | None:
    return round(part * 100 / whole) if whole else None


def _evidence_counts(counter: Counter | None = None) -> dict:
    counter = counter or Counter()
    return {state: counter.get(state, 0) for state in EvidenceState.values}


def _counts(states) -> bool:
    """Evidence that counts, as in the gap rules: confirmed, or suggested and not yet checked."""
    return bool(states) and bool(states.get(EvidenceState.CONFIRMED) or states.get(EvidenceState.SUGGESTED))


def _period(year: int | None) -> Q:
    """Evidence of that year: its own year, or its report's year when it has none; undated uploads always."""
    if year is None:
        return Q()
    return Q(year=year) | Q(year__isnull=True, report__year=year) | Q(year__isnull=True, report__isnull=True)


def build_gap_report(region: Region, plan: Plan | None = None, year: int | None = None, today=None, *,
                     evidence_list: bool = True) -> dict:
    """The gap report of a region, one of its plans or all of them, for one year of evidence or all years.

    A region with districts (a city) also gets `districts`: the same headline figures per district.
    `evidence_list=False` leaves out the evidence rows (only the xlsx and the JSON show them).
    """
    if plan is not None and plan.region_id != region.pk:
        raise ValueError(f"计划“{plan}”不属于{region}")
    today = today or timezone.localdate()

    districts = list(Region.objects.filter(parent=region).order_by("name").values("id", "name"))
    region_ids = [region.pk] + [d["id"] for d in districts]
    all_plans = list(
        Plan.objects.filter(region_id__in=region_ids)
        .order_by("-year", "title", "id")
        .values("id", "region_id", "year", "title", "doc_number", "indicator_system_id")
    )
    plan_choices = [p for p in all_plans if p["region_id"] == region.pk]
    own_plans = [p for p in plan_choices if plan is None or p["id"] == plan.pk]
    plans_by_region = defaultdict(list)
    for p in all_plans:
        if p["region_id"] != region.pk:
            plans_by_region[p["region_id"]].append(p)
    plans_by_region[region.pk] = own_plans
    scope_plan_ids = [p["id"] for ps in plans_by_region.values() for p in ps]
    own_plan_ids = [p["id"] for p in own_plans]
    plan_titles = {p["id"]: p["title"] for p in all_plans}

    tasks = list(
        Task.objects.filter(plan_id__in=scope_plan_ids)
        .order_by("plan_id", "number")
        .values("id", "plan_id", "section_id", "number", "title", "due_date", "due_text", "status", "progress")
    )
    task_indicators = defaultdict(list)
    for task_id, indicator_id in Task.indicators.through.objects.filter(task__plan_id__in=scope_plan_ids).values_list(
        "task_id", "indicator_id"
    ):
        task_indicators[task_id].append(indicator_id)

    task_evidence = defaultdict(Counter)
    for row in (
        Evidence.objects.filter(_period(year), task__plan_id__in=scope_plan_ids)
        .values("task_id", "state").annotate(n=Count("id")).order_by()
    ):
        task_evidence[row["task_id"]][row["state"]] += row["n"]

    # Evidence put on an indicator directly belongs to the region of its task, else of its report;
    # uploaded with neither (owner None), it counts for every region, as in the gap rules.
    indicator_evidence = defaultdict(Counter)  # (region id or None, indicator id) → states
    for row in (
        Evidence.objects.filter(_period(year), indicator__isnull=False)
        .filter(
            Q(task__plan_id__in=scope_plan_ids)
            | Q(task__isnull=True, report__region_id__in=region_ids)
            | Q(task__isnull=True, report__isnull=True)
        )
        .annotate(owner=Coalesce("task__plan__region_id", "report__region_id"))
        .values("owner", "indicator_id", "state").annotate(n=Count("id")).order_by()
    ):
        indicator_evidence[(row["owner"], row["indicator_id"])][row["state"]] += row["n"]

    # The systems the plans follow and those their tasks are mapped to, whole (a leaf needs its tree).
    linked_systems = Indicator.objects.filter(tasks__plan_id__in=scope_plan_ids).values("system_id")
    plan_systems = {p["indicator_system_id"] for p in all_plans if p["indicator_system_id"]}
    indicators = list(
        Indicator.objects.filter(Q(system_id__in=plan_systems) | Q(system_id__in=linked_systems))
        .order_by("system_id", "position", "id")
        .values("id", "system_id", "system__name", "system__version", "parent_id", "level", "code", "number", "name",
                "text", "position")
    )
    tree = _IndicatorTree(indicators)
    # Read apart from the indicators: a system whose indicators are not loaded yet must still be reported.
    systems = {
        s["id"]: s for s in IndicatorSystem.objects.filter(id__in=plan_systems | set(tree.by_system))
        .values("id", "name", "version", "expected_counts")
    }

    # --- the region's own content ----------------------------------------------------------------
    own_set = set(own_plan_ids)
    own_tasks = [t for t in tasks if t["plan_id"] in own_set]
    sections = list(
        PlanSection.objects.filter(plan_id__in=own_plan_ids).order_by("plan_id", "position").values("id", "plan_id", "title")
    )
    lead = _unit_links(TaskLeadUnit, own_plan_ids)
    responsible = _unit_links(TaskResponsibleUnit, own_plan_ids)
    gaps = _gap_rows(region, plan)
    resolved_gaps = _resolved_gap_count(region, plan)
    gaps_by_task, gaps_by_indicator, gaps_by_unit = defaultdict(list), defaultdict(list), defaultdict(list)
    for g in gaps:
        brief = {k: g[k] for k in ("rule", "rule_label", "state", "state_label", "message")}
        if g["task_id"]:
            gaps_by_task[g["task_id"]].append(brief)
        if g["indicator_id"]:
            gaps_by_indicator[g["indicator_id"]].append(brief)
        if g["unit_id"]:
            gaps_by_unit[g["unit_id"]].append(g)

    section_titles = {s["id"]: s["title"] for s in sections}
    codes = {i["id"]: i["code"] for i in indicators}
    task_rows = []
    for t in own_tasks:
        ev = _evidence_counts(task_evidence.get(t["id"]))
        task_rows.append({
            "id": t["id"],
            "plan_id": t["plan_id"],
            "plan": plan_titles[t["plan_id"]],
            "number": t["number"],
            "title": t["title"],
            "section": section_titles.get(t["section_id"], ""),
            "status": t["status"],
            "status_label": STATUS_LABELS.get(t["status"], t["status"]),
            "due": t["due_date"],
            "due_text": t["due_text"],
            "overdue": _is_overdue(t, today),
            "lead_units": [u["name"] for u in lead[t["id"]]],
            "responsible_units": [u["name"] for u in responsible[t["id"]]],
            "indicators": [codes[i] for i in task_indicators.get(t["id"], ()) if i in codes],
            "evidence": ev,
            "has_evidence": _counts(ev),
            "progress": t["progress"],
            "gaps": gaps_by_task.get(t["id"], []),
        })

    report_years = _report_years(region_ids)
    year_choices = {y for ys in report_years.values() for y in ys} | {p["year"] for p in all_plans}
    own_figures = _region_figures(region.pk, own_tasks, plans_by_region[region.pk], task_indicators, task_evidence,
                                  indicator_evidence, tree, today)
    summary = _summary(own_figures, gaps)
    summary["resolved_gaps"] = resolved_gaps
    indicator_rows = _indicator_rows(own_figures, tree, gaps_by_indicator)

    report = {
        "region": {
            "id": region.pk,
            "name": region.name,
            "label": str(region),
            "parent": region.parent.name if region.parent_id else None,
            "is_city": bool(districts),
        },
        "plan": _plan_ref(plan) if plan is not None else None,
        "plans": [_plan_dict(p) for p in own_plans],
        "plan_choices": [_plan_dict(p) for p in plan_choices],
        "year": year,
        "year_choices": sorted(set(year_choices) | ({year} if year else set()), reverse=True),
        "period": f"{year}年度" if year else "全部年度",
        "scope": plan.title if plan is not None else ("全部工作计划" if own_plans else "本级暂无工作计划"),
        "today": today,
        "generated_at": timezone.localtime(),
        # The gap rules only look at evidence from this year on; said under the report.
        "gap_period_start": GapContext.build(region, today).period_start,
        "indicator_systems": [_system_row(systems[sid], tree) for sid in sorted(own_figures["system_ids"]) if sid in systems],
        "summary": summary,
        "sections": _section_rows(sections, own_tasks, task_evidence, len(own_plans) > 1, plan_titles),
        "indicator_groups": _indicator_groups(own_figures, tree, len(own_figures["system_ids"]) > 1),
        "districts": [],
        "tasks": task_rows,
        "indicators": indicator_rows,
        "units": _unit_rows(own_tasks, lead, responsible, task_evidence, gaps, gaps_by_unit, today),
        "gaps": gaps,
        "gap_groups": _gap_groups(gaps),
        "evidence": _evidence_rows(own_plan_ids, region.pk, year) if evidence_list else [],
    }

    used_systems = set(own_figures["system_ids"])
    if districts:
        open_gaps = dict(
            Gap.objects.filter(region_id__in=[d["id"] for d in districts], state=GapState.OPEN)
            .values("region_id").annotate(n=Count("id")).order_by().values_list("region_id", "n")
        )
        tasks_by_plan = defaultdict(list)
        for t in tasks:
            tasks_by_plan[t["plan_id"]].append(t)
        for d in districts:
            d_tasks = [t for p in plans_by_region[d["id"]] for t in tasks_by_plan[p["id"]]]
            figures = _region_figures(d["id"], d_tasks, plans_by_region[d["id"]], task_indicators, task_evidence,
                                      indicator_evidence, tree, today)
            row = {"id": d["id"], "name": d["name"], "plans": len(plans_by_region[d["id"]])}
            row.update(_headline(figures))
            row["open_gaps"] = open_gaps.get(d["id"], 0)
            report["districts"].append(row)
            used_systems |= figures["system_ids"]
    report["notices"] = _notices(report, [_system_row(systems[sid], tree) for sid in sorted(used_systems) if sid in systems],
                                 report_years.get(region.pk, set()))
    return report


# --- pieces ------------------------------------------------------------------------------------


def _is_overdue(task: dict, today: datetime.date) -> bool:
    return bool(task["due_date"] and task["status"] in OPEN_STATUSES and task["due_date"] < today)


def _plan_dict(p: dict) -> dict:
    return {"id": p["id"], "year": p["year"], "title": p["title"], "doc_number": p["doc_number"]}


def _plan_ref(plan: Plan) -> dict:
    return {"id": plan.pk, "year": plan.year, "title": plan.title, "doc_number": plan.doc_number}


def _report_years(region_ids: list[int]) -> dict[int, set[int]]:
    """The years of the annual reports loaded, per region."""
    years = defaultdict(set)
    for region_id, year in AnnualReport.objects.filter(region_id__in=region_ids).values_list("region_id", "year").distinct():
        years[region_id].add(year)
    return years


def _system_row(system: dict, tree: "_IndicatorTree") -> dict:
    """A system with what of it is loaded, per level, against what it should have (when known)."""
    levels = completeness_levels(Counter(i["level"] for i in tree.by_system.get(system["id"], ())),
                                 system["expected_counts"])
    expected = any(lv["expected"] is not None for lv in levels)
    missing = [lv for lv in levels if lv["expected"] is not None and lv["loaded"] < lv["expected"]]
    name = system["name"]
    return {
        "id": system["id"],
        "name": name,
        "version": system["version"],
        "label": name if system["version"] in name else f"{name}（{system['version']}）",
        "levels": levels,
        # None: nobody recorded how many indicators the system has, so completeness is unknown.
        "complete": (not missing) if expected else None,
        "missing": "、".join(f"{lv['label']}已导入 {lv['loaded']} 项、应有 {lv['expected']} 项" for lv in missing),
    }


def _notices(report: dict, systems: list[dict], own_report_years: set[int]) -> list[str]:
    """What a reader must know before trusting the figures: data not loaded yet, rather than work not done."""
    notices = []
    for s in systems:
        if s["complete"] is False:
            notices.append(f"指标体系《{s['label']}》尚未完整导入（{s['missing']}）：指标数和指标覆盖率只按已导入的指标计算，"
                           "实际未覆盖的指标会更多。")
    if report["plans"] and not report["summary"]["tasks"]:
        notices.append(f"{report['scope'] if report['plan'] else '本级工作计划'}尚无任务（任务清单可能尚未导入），"
                       "以下数字均为 0，不表示没有差距。")
    if report["year"] and report["plans"] and report["year"] not in own_report_years:
        notices.append(f"尚未导入{report['region']['name']}{report['year']}年度法治政府建设情况报告，"
                       "该年度的佐证只来自手工上传的材料和情况说明。")
    return notices


class _IndicatorTree:
    """Parents, leaves and top-level ancestors of the indicators of the systems in scope."""

    def __init__(self, indicators: list[dict]):
        self.rows = indicators
        self.by_id = {i["id"]: i for i in indicators}
        parents = {i["parent_id"] for i in indicators if i["parent_id"]}
        # Leaves as the gap rules see them: indicators without children, the level the assessment scores.
        self.leaf_ids = {i["id"] for i in indicators if i["id"] not in parents}
        self.by_system = defaultdict(list)
        for i in indicators:
            self.by_system[i["system_id"]].append(i)
        self.systems = [
            {"id": sid, "name": rows[0]["system__name"], "version": rows[0]["system__version"]}
            for sid, rows in self.by_system.items()
        ]
        self._top = {}

    def top(self, indicator_id: int) -> int:
        if indicator_id not in self._top:
            row = self.by_id[indicator_id]
            seen = {indicator_id}
            while row["parent_id"] in self.by_id and row["parent_id"] not in seen:
                seen.add(row["parent_id"])
                row = self.by_id[row["parent_id"]]
            self._top[indicator_id] = row["id"]
        return self._top[indicator_id]

    def ancestors(self, indicator_id: int) -> list[int]:
        out, row = [], self.by_id[indicator_id]
        while row["parent_id"] in self.by_id and row["parent_id"] not in out:
            out.append(row["parent_id"])
            row = self.by_id[row["parent_id"]]
        return out


def _region_figures(region_id, tasks, plans, task_indicators, task_evidence, indicator_evidence, tree, today):
    """Task and indicator figures of one region's tasks (its own content, or a district in a city's table)."""
    # Each plan's system; for a plan without one, the systems its tasks are mapped to (as the gap rules do).
    unmapped_plans = {p["id"] for p in plans if not p["indicator_system_id"]}
    system_ids = {p["indicator_system_id"] for p in plans if p["indicator_system_id"]}
    system_ids |= {
        tree.by_id[i]["system_id"]
        for t in tasks if t["plan_id"] in unmapped_plans
        for i in task_indicators.get(t["id"], ()) if i in tree.by_id
    }
    statuses = Counter(t["status"] for t in tasks)
    overdue = sum(1 for t in tasks if _is_overdue(t, today))
    applicable = [t for t in tasks if t["status"] != TaskStatus.NOT_APPLICABLE]
    with_evidence = [t for t in applicable if _counts(task_evidence.get(t["id"]))]
    suggested_only = [
        t for t in with_evidence if not task_evidence[t["id"]].get(EvidenceState.CONFIRMED)
    ]
    evidence = Counter()
    for t in tasks:
        evidence.update(task_evidence.get(t["id"], {}))

    # Per indicator: the applicable tasks mapped to it, those of them with evidence, its own evidence.
    mapped = defaultdict(list)
    for t in applicable:
        for i in task_indicators.get(t["id"], ()):
            mapped[i].append(t)
    per_indicator = {}
    for sid in sorted(system_ids):
        for ind in tree.by_system.get(sid, ()):
            own = Counter(indicator_evidence.get((region_id, ind["id"]), {}))
            own.update(indicator_evidence.get((None, ind["id"]), {}))
            own = _evidence_counts(own)
            linked = mapped.get(ind["id"], [])
            evidenced = [t for t in linked if _counts(task_evidence.get(t["id"]))]
            per_indicator[ind["id"]] = {
                "tasks": linked,
                "tasks_with_evidence": len(evidenced),
                "evidence": own,
                "covered": _counts(own) or bool(evidenced),
            }
    leaves = [i for i in per_indicator if i in tree.leaf_ids]
    return {
        "tasks": len(tasks),
        "statuses": statuses,
        "overdue": overdue,
        "applicable": len(applicable),
        "with_evidence": len(with_evidence),
        "suggested_only": len(suggested_only),
        "evidence": evidence,
        "system_ids": system_ids,
        "per_indicator": per_indicator,
        "leaves": len(leaves),
        "leaves_with_tasks": sum(1 for i in leaves if per_indicator[i]["tasks"]),
        "leaves_covered": sum(1 for i in leaves if per_indicator[i]["covered"]),
    }


def _headline(f: dict) -> dict:
    done = f["statuses"].get(TaskStatus.DONE, 0)
    return {
        "tasks": f["tasks"],
        "done": done,
        "done_rate": percent(done, f["tasks"]),
        "overdue": f["overdue"],
        "with_evidence": f["with_evidence"],
        "without_evidence": f["applicable"] - f["with_evidence"],
        "evidence_rate": percent(f["with_evidence"], f["applicable"]),
        "indicators": f["leaves"],
        "indicators_with_tasks": f["leaves_with_tasks"],
        "indicators_covered": f["leaves_covered"],
        "indicator_rate": percent(f["leaves_covered"], f["leaves"]),
    }


def _summary(f: dict, gaps: list[dict]) -> dict:
    summary = _headline(f)
    by_rule = defaultdict(Counter)
    for g in gaps:
        by_rule[g["rule"]][g["state"]] += 1
    rules = list(RULE_LABELS) + sorted(set(by_rule) - set(RULE_LABELS))
    summary.update({
        "in_progress": f["statuses"].get(TaskStatus.IN_PROGRESS, 0),
        "not_started": f["statuses"].get(TaskStatus.NOT_STARTED, 0),
        "not_applicable": f["statuses"].get(TaskStatus.NOT_APPLICABLE, 0),
        "suggested_only": f["suggested_only"],
        "evidence": _evidence_counts(f["evidence"]),
        "open_gaps": sum(c[GapState.OPEN] for c in by_rule.values()),
        "acknowledged_gaps": sum(c[GapState.ACKNOWLEDGED] for c in by_rule.values()),
        "gaps_by_rule": [
            {
                "rule": rule,
                "label": RULE_LABELS.get(rule, rule),
                "open": by_rule[rule][GapState.OPEN],
                "acknowledged": by_rule[rule][GapState.ACKNOWLEDGED],
            }
            for rule in rules
        ],
    })
    return summary


def _section_rows(sections, tasks, task_evidence, several_plans, plan_titles) -> list[dict]:
    """Evidence coverage and completion per plan section, in the plan's order (tasks without one last)."""
    keys = [(s["id"], s["plan_id"], s["title"]) for s in sections]
    by_section = defaultdict(list)
    for t in tasks:
        by_section[t["section_id"] if t["section_id"] in {k[0] for k in keys} else None].append(t)
    if by_section.get(None):
        keys.append((None, None, NO_SECTION))
    rows = []
    for sid, plan_id, title in keys:
        members = by_section.get(sid, [])
        if not members:
            continue
        applicable = [t for t in members if t["status"] != TaskStatus.NOT_APPLICABLE]
        evidenced = sum(1 for t in applicable if _counts(task_evidence.get(t["id"])))
        done = sum(1 for t in members if t["status"] == TaskStatus.DONE)
        label = f"{plan_titles[plan_id]} · {title}" if several_plans and plan_id else title
        rows.append({
            "id": sid,
            "title": label,
            "tasks": len(members),
            "applicable": len(applicable),
            "with_evidence": evidenced,
            "evidence_rate": percent(evidenced, len(applicable)),
            "done": done,
            "done_rate": percent(done, len(members)),
        })
    return rows


def _indicator_label(ind: dict) -> str:
    return ind["name"] or ind["text"][:60]


def _indicator_groups(f: dict, tree: _IndicatorTree, several_systems: bool) -> list[dict]:
    """Per first-level indicator: its last-level indicators, how many have tasks, how many are covered."""
    versions = {s["id"]: s["version"] for s in tree.systems}
    groups = {}
    for ind_id, fig in f["per_indicator"].items():
        top = tree.top(ind_id)
        if top not in groups:
            row = tree.by_id[top]
            prefix = f"{versions.get(row['system_id'], '')}版 " if several_systems else ""
            groups[top] = {
                "id": top,
                "code": row["code"],
                "number": row["number"],
                "title": f"{prefix}{row['number']}、{_indicator_label(row)}" if row["number"] else prefix + _indicator_label(row),
                "indicators": 0,
                "with_tasks": 0,
                "covered": 0,
                "_order": (row["system_id"], row["position"], row["id"]),
            }
        if ind_id in tree.leaf_ids:
            g = groups[top]
            g["indicators"] += 1
            g["with_tasks"] += bool(fig["tasks"])
            g["covered"] += fig["covered"]
    rows = sorted(groups.values(), key=lambda g: g["_order"])
    for g in rows:
        del g["_order"]
        g["task_rate"] = percent(g["with_tasks"], g["indicators"])
        g["covered_rate"] = percent(g["covered"], g["indicators"])
    return [g for g in rows if g["indicators"]]


def _indicator_rows(f: dict, tree: _IndicatorTree, gaps_by_indicator) -> list[dict]:
    rows = []
    leaf_counts = Counter()
    covered_counts = Counter()
    for ind_id, fig in f["per_indicator"].items():
        if ind_id in tree.leaf_ids:
            for a in [ind_id, *tree.ancestors(ind_id)]:
                leaf_counts[a] += 1
                covered_counts[a] += fig["covered"]
    for ind in tree.rows:
        fig = f["per_indicator"].get(ind["id"])
        if fig is None:
            continue
        rows.append({
            "id": ind["id"],
            "code": ind["code"],
            "level": ind["level"],
            "level_label": level_label(ind["level"]),
            "number": ind["number"],
            "name": _indicator_label(ind),
            "is_leaf": ind["id"] in tree.leaf_ids,
            "first_level": tree.by_id[tree.top(ind["id"])]["code"],
            "tasks": [{"id": t["id"], "number": t["number"], "title": t["title"]} for t in fig["tasks"]],
            "tasks_with_evidence": fig["tasks_with_evidence"],
            "evidence": fig["evidence"],
            "covered": fig["covered"],
            "leaves": leaf_counts[ind["id"]],
            "leaves_covered": covered_counts[ind["id"]],
            "gaps": gaps_by_indicator.get(ind["id"], []),
        })
    return rows


def _unit_links(model, plan_ids: list[int]) -> dict[int, list[dict]]:
    links = defaultdict(list)
    rows = (
        model.objects.filter(task__plan_id__in=plan_ids)
        .order_by("task_id", "position", "id")
        .values("task_id", "unit_id", "unit__name", "unit__is_collective")
    )
    for r in rows:
        links[r["task_id"]].append({"id": r["unit_id"], "name": r["unit__name"], "is_collective": r["unit__is_collective"]})
    return links


def _unit_rows(tasks, lead, responsible, task_evidence, gaps, gaps_by_unit, today) -> list[dict]:
    """Per unit: the tasks it leads and how they stand, the tasks it shares, the open gaps that concern it."""
    units = {}

    def unit(u):
        return units.setdefault(u["id"], {
            "id": u["id"], "name": u["name"], "is_collective": u["is_collective"],
            "lead_tasks": 0, "done": 0, "overdue": 0, "without_evidence": 0, "responsible_tasks": 0, "open_gaps": 0,
            "_gap_ids": set(),
        })

    open_task_gaps = defaultdict(list)
    for g in gaps:
        if g["task_id"] and g["state"] == GapState.OPEN:
            open_task_gaps[g["task_id"]].append(g["id"])
    for t in tasks:
        for u in lead.get(t["id"], ()):
            row = unit(u)
            row["lead_tasks"] += 1
            row["done"] += t["status"] == TaskStatus.DONE
            row["overdue"] += _is_overdue(t, today)
            if t["status"] != TaskStatus.NOT_APPLICABLE and not _counts(task_evidence.get(t["id"])):
                row["without_evidence"] += 1
            row["_gap_ids"].update(open_task_gaps.get(t["id"], ()))
        for u in responsible.get(t["id"], ()):
            unit(u)["responsible_tasks"] += 1
    for unit_id, unit_gaps in gaps_by_unit.items():
        g0 = unit_gaps[0]
        row = unit({"id": unit_id, "name": g0["unit_name"], "is_collective": False})
        row["_gap_ids"].update(g["id"] for g in unit_gaps if g["state"] == GapState.OPEN)
    rows = []
    for row in units.values():
        row["open_gaps"] = len(row.pop("_gap_ids"))
        row["done_rate"] = percent(row["done"], row["lead_tasks"])
        rows.append(row)
    # Units with the most to do first: that is what the table is read for.
    rows.sort(key=lambda r: (-r["overdue"], -r["without_evidence"], -r["open_gaps"], -r["lead_tasks"], r["name"]))
    return rows


def _gaps_in_scope(region: Region, plan: Plan | None, states):
    gaps = Gap.objects.filter(region=region, state__in=states)
    if plan is not None:
        # The plan's own gaps and those about the region as a whole (indicators, units), not other plans'.
        gaps = gaps.filter(Q(plan_id=plan.pk) | Q(task__plan_id=plan.pk) | Q(plan__isnull=True, task__isnull=True))
    return gaps


def _gap_rows(region: Region, plan: Plan | None) -> list[dict]:
    rows = _gaps_in_scope(region, plan, UNRESOLVED).values(
        "id", "rule", "key", "state", "message", "remedy", "first_flagged_at", "last_flagged_at",
        "task_id", "task__number", "task__title", "task__plan_id",
        "indicator_id", "indicator__code", "indicator__name", "indicator__text",
        "unit_id", "unit__name", "fact_id", "fact__metric", "plan_id", "plan__title",
    )
    order = {rule: n for n, rule in enumerate(RULE_LABELS)}
    out = []
    for g in rows:
        if g["task_id"]:
            obj = {"type": "task", "id": g["task_id"], "label": f"{g['task__number']}. {g['task__title']}"}
        elif g["indicator_id"]:
            obj = {"type": "indicator", "id": g["indicator_id"],
                   "label": f"{g['indicator__code']} {g['indicator__name'] or g['indicator__text'][:40]}"}
        elif g["unit_id"]:
            obj = {"type": "unit", "id": g["unit_id"], "label": g["unit__name"]}
        elif g["fact_id"]:
            obj = {"type": "fact", "id": g["fact_id"], "label": g["fact__metric"]}
        elif g["plan_id"]:
            obj = {"type": "plan", "id": g["plan_id"], "label": g["plan__title"]}
        else:
            obj = {"type": "region", "id": region.pk, "label": str(region)}
        obj["type_label"] = OBJECT_LABELS[obj["type"]]
        out.append({
            "id": g["id"],
            "rule": g["rule"],
            "rule_label": RULE_LABELS.get(g["rule"], g["rule"]),
            "key": g["key"],
            "object": obj,
            "message": g["message"],
            "remedy": g["remedy"],
            "state": g["state"],
            "state_label": GAP_STATE_LABELS.get(g["state"], g["state"]),
            "task_id": g["task_id"],
            "indicator_id": g["indicator_id"],
            "unit_id": g["unit_id"],
            "unit_name": g["unit__name"],
            "plan_id": g["plan_id"] or g["task__plan_id"],
            "first_flagged_at": g["first_flagged_at"],
            "last_flagged_at": g["last_flagged_at"],
            "_order": (
                order.get(g["rule"], len(order)), g["state"] != GapState.OPEN, g["task__plan_id"] or 0,
                g["task__number"] or 0, g["indicator__code"] or "", g["unit__name"] or "", g["id"],
            ),
        })
    out.sort(key=lambda g: g["_order"])
    for g in out:
        del g["_order"]
    return out


def _resolved_gap_count(region: Region, plan: Plan | None) -> int:
    """Gaps found once and resolved since: with none open, the report says so rather than look unchecked."""
    return _gaps_in_scope(region, plan, [GapState.RESOLVED]).count()


def _gap_groups(gaps: list[dict]) -> list[dict]:
    """The gaps by rule, in rule order; a remedy every gap of a rule shares is given once for the group."""
    groups = {}
    for g in gaps:
        group = groups.setdefault(g["rule"], {"rule": g["rule"], "label": g["rule_label"], "open": 0, "acknowledged": 0, "gaps": []})
        group["gaps"].append(g)
        group["open" if g["state"] == GapState.OPEN else "acknowledged"] += 1
    for group in groups.values():
        remedies = {g["remedy"] for g in group["gaps"]}
        group["remedy"] = remedies.pop() if len(remedies) == 1 else ""
    return list(groups.values())


def _evidence_rows(plan_ids: list[int], region_id: int, year: int | None) -> list[dict]:
    """Every piece of evidence behind the figures: on the tasks, and on indicators from the region's reports."""
    rows = (
        Evidence.objects.filter(_period(year))
        .filter(Q(task__plan_id__in=plan_ids) | Q(task__isnull=True, indicator__isnull=False, report__region_id=region_id))
        .annotate(excerpt=Substr("passage__text", 1, EXCERPT_CHARS))
        # Tasks first on every database (NULLs sort first on SQLite, last on PostgreSQL).
        .order_by(F("task__plan_id").asc(nulls_last=True), "task__number", "indicator__code", F("year").desc(nulls_last=True), "id")
        .values(
            "id", "task_id", "task__number", "task__title", "indicator_id", "indicator__code", "indicator__name",
            "indicator__text", "kind", "state", "year", "report_id", "report__year", "report__title", "report__region__name",
            "passage__heading",
            "excerpt", "note", "file", "score", "matched_terms", "reviewed_at",
        )
    )
    out = []
    for e in rows:
        if e["task_id"]:
            target = {"type": "task", "id": e["task_id"], "label": f"{e['task__number']}. {e['task__title']}"}
        else:
            target = {"type": "indicator", "id": e["indicator_id"],
                      "label": f"{e['indicator__code']} {e['indicator__name'] or (e['indicator__text'] or '')[:40]}"}
        out.append({
            "id": e["id"],
            "target": target,
            "indicator": e["indicator__code"] if e["task_id"] and e["indicator_id"] else None,
            "kind": e["kind"],
            "kind_label": EVIDENCE_KIND_LABELS.get(e["kind"], e["kind"]),
            "state": e["state"],
            "state_label": EVIDENCE_STATE_LABELS.get(e["state"], e["state"]),
            "year": e["year"] or e["report__year"],
            # an untitled report is named as the admin names it: region and year
            "report": e["report__title"] or (f"{e['report__region__name']} {e['report__year']}年报告" if e["report_id"] else ""),
            "heading": e["passage__heading"] or "",
            "excerpt": e["excerpt"] or "",
            "note": e["note"],
            "file": e["file"] or "",
            "score": e["score"],
            "matched_terms": list(e["matched_terms"] or []),
            "reviewed_at": e["reviewed_at"],
        })
    return out
