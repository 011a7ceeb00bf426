"""What a report is matched against: the tasks of the plans in scope and the loaded indicators."""
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from checklist.models import Indicator, IndicatorSystem, Plan, Region, Task

from .matching import Candidate
from .parsing.normalize import normalize_for_matching


@lru_cache(maxsize=20000)
def _normalized(text: str) -> str:
    # Tasks and indicators change rarely: a worker normalises each text once, not once per report.
    return normalize_for_matching(text)


@dataclass
class Scope:
    plans: list
    candidates: list[Candidate]
    tasks: dict[str, dict] = field(default_factory=dict)  # key → {"id", "plan", "number", "title"}
    indicators: dict[str, dict] = field(default_factory=dict)  # key → {"id", "code", "name"}


def plans_in_scope(report) -> list[Plan]:
    """The plans named on the report; otherwise every plan of its region and of the regions above it.

    One query: the scope is looked up for every report."""
    sql = _PLANS_IN_SCOPE.format(
        named=Plan.matched_reports.through._meta.db_table, plan=Plan._meta.db_table, region=Region._meta.db_table
    )
    ids = RawSQL(sql, [report.pk, report.region_id, report.pk])
    return list(Plan.objects.filter(pk__in=ids).select_related("region"))


# The plans named on the report, or, when there are none, those of its region and the regions above it
# (district → city → province; UNION stops at a region already reached).
_PLANS_IN_SCOPE = """
SELECT plan_id FROM {named} WHERE annualreport_id = %s
UNION
SELECT id FROM {plan} WHERE region_id IN (
    WITH RECURSIVE up(id, parent_id) AS (
        SELECT id, parent_id FROM {region} WHERE id = %s
        UNION SELECT r.id, r.parent_id FROM {region} r JOIN up ON r.id = up.parent_id
    ) SELECT id FROM up
) AND NOT EXISTS (SELECT 1 FROM {named} WHERE annualreport_id = %s)"""


def plan_label(plan) -> str:
    return f"{plan.region.name}:{plan.year}"


_SCOPES: dict = {}  # fingerprint of what a scope is built from → Scope (a worker's reports share a few)


def build_scope(report) -> Scope:
    """Tasks and indicators to match against; reused while none of them changed (saves a worker the
    reading and normalising of hundreds of task texts for every report)."""
    plans = plans_in_scope(report)
    key = _fingerprint(plans)
    scope = _SCOPES.get(key)
    if scope is None:
        if len(_SCOPES) > 16:
            _SCOPES.clear()
        scope = _SCOPES[key] = _build_scope(plans)
    return scope


def _fingerprint(plans) -> tuple:
    counts = _FINGERPRINT.format(
        task=Task._meta.db_table, system=IndicatorSystem._meta.db_table, indicator=Indicator._meta.db_table,
        plans=", ".join(["%s"] * max(1, len(plans))),
    )
    with connection.cursor() as cursor:  # one query for both counts (the ORM would need two)
        cursor.execute(counts, [p.pk for p in plans] or [None])
        row = cursor.fetchone()
    return (
        tuple((p.pk, p.region.name, p.year, p.indicator_system_id) for p in plans),
        tuple(row),
    )


# The plans' tasks (count, last edit, newest id) and the indicator systems (count, last import, items):
# a task or system added, edited or removed changes one of them.
_FINGERPRINT = """SELECT t.n, t.last, t.top, s.n, s.last, s.items FROM
    (SELECT COUNT(id) AS n, MAX(updated_at) AS last, MAX(id) AS top FROM {task} WHERE plan_id IN ({plans})) t,
    (SELECT COUNT({system}.id) AS n, MAX({system}.imported_at) AS last, COUNT({indicator}.id) AS items
     FROM {system} LEFT JOIN {indicator} ON {indicator}.system_id = {system}.id) s"""


def _build_scope(plans) -> Scope:
    scope = Scope(plans=plans, candidates=[])
    labels = {p.pk: plan_label(p) for p in plans}
    tasks = Task.objects.filter(plan__in=plans).order_by("plan_id", "number").values("id", "plan_id", "number", "title", "text")
    for t in tasks:
        key = f"task:{t['id']}"
        scope.tasks[key] = {"id": t["id"], "plan": labels[t["plan_id"]], "number": t["number"], "title": t["title"]}
        scope.candidates.append(Candidate(key=key, kind="task", text=_normalized(f"{t['title']}。{t['text']}")))
    for ind in _leaf_indicators(plans):
        key = f"indicator:{ind['id']}"
        scope.indicators[key] = {"id": ind["id"], "code": ind["code"], "name": ind["name"] or ind["text"][:40]}
        body = "。".join(x for x in (ind["name"], ind["text"], ind["description"]) if x)
        scope.candidates.append(Candidate(key=key, kind="indicator", text=_normalized(body)))
    return scope


def _leaf_indicators(plans):
    """Leaf indicators of the systems the plans follow (or, when none is set, of the newest system loaded)."""
    system_ids = {p.indicator_system_id for p in plans if p.indicator_system_id}
    if not system_ids:
        system_ids |= set(
            Indicator.objects.filter(tasks__plan__in=plans).values_list("system_id", flat=True).distinct()
        )
    if not system_ids:
        newest = IndicatorSystem.objects.order_by("-version", "-pk").first()
        system_ids = {newest.pk} if newest else set()
    return (
        Indicator.objects.filter(system_id__in=system_ids)
        .filter(~Q(pk__in=Indicator.objects.filter(parent__isnull=False).values("parent_id")))
        .exclude(name="", text="")
        .order_by("system_id", "position")
        .values("id", "code", "name", "text", "description")
    )
