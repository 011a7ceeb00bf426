"""Importing a task ledger (台账) into a plan: every row checked first, then all written at once or nothing.

check_ledger() reads and validates the whole file without writing; apply_ledger() writes the result
in one transaction with bulk statements, and one history entry per changed task, by the importing user.
"""
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .ledger import COLUMNS, Ledger, parse_due, parse_number, parse_status, split_codes
from .ledger.values import split_unit_roles
from .models import Indicator, OrgUnit, Plan, Task, TaskLeadUnit, TaskResponsibleUnit
from .bulk import insert_rows
from .models.plans import TASK_HISTORY
from .parsing.indicator_refs import IndicatorIndex
from .units import UnitResolver

Progress = Callable[[int, int], None]  # (rows done, rows in all)
PROGRESS_EVERY = 500
UNIT_FIELDS = ("lead_units", "responsible_units")
SCALAR_FIELDS = ("title", "text", "due_date", "due_text", "status", "progress")


class LedgerImportRefused(Exception):
    """Raised by apply_ledger when the checked file has refused rows: nothing is written."""


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str

    def to_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class RowOutcome:
    row: int
    number: int
    action: str  # "new", "update" or "skip"
    values: dict  # field -> new value, for the columns the file has
    task: Task | None = None
    changed: list[str] = field(default_factory=list)
    written: dict | None = None  # the task's columns as apply_ledger wrote them

    @property
    def task_id(self) -> int | None:
        if self.written and "id" in self.written:
            return self.written["id"]
        return getattr(self.task, "pk", None)


@dataclass
class LedgerCheck:
    plan: Plan
    columns: list[str]  # canonical keys present in the file
    outcomes: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    def to_dict(self) -> dict:
        return {
            "created": self.count("new"),
            "updated": self.count("update"),
            "unchanged": self.count("skip"),
            "errors": [e.to_dict() for e in self.errors],
        }

    def summary(self) -> str:
        return (
            f"新增 {self.count('new')} 项，更新 {self.count('update')} 项，"
            f"未变 {self.count('skip')} 项，拒绝 {len({e.row for e in self.errors})} 行"
        )


class _PendingUnit:
    """A unit the user asked to create; it gets a row only when the import is applied."""

    pk = None

    def __init__(self, name: str):
        self.name = name


class _Context:
    """What one import needs from the database, loaded in a handful of queries."""

    def __init__(self, plan: Plan, create_units: bool):
        self.plan = plan
        self.create_units = create_units
        self.resolver = UnitResolver(plan.region)
        self.pending: dict[str, _PendingUnit] = {}
        self._cells: dict[str, list[tuple]] = {}
        self._names: dict[str, object] = {}
        self.tasks = {t.number: t for t in Task.objects.filter(plan=plan)}
        self.task_indicators: dict[int, set[int]] = {}
        for task_id, indicator_id in Task.indicators.through.objects.filter(task__plan=plan).values_list(
            "task_id", "indicator_id"
        ):
            self.task_indicators.setdefault(task_id, set()).add(indicator_id)
        self.links = {name: _links(model, plan) for name, model in zip(UNIT_FIELDS, (TaskLeadUnit, TaskResponsibleUnit))}
        system_id = plan.indicator_system_id
        self.indicators = IndicatorIndex(Indicator.objects.filter(system_id=system_id) if system_id else [])

    def units_in(self, cell: str) -> tuple[list[tuple], list[tuple]]:
        """(name as written, unit or None) for the units marked as leading and for the others; cached."""
        if cell not in self._cells:
            self._cells[cell] = tuple([(name, self._unit(name)) for name in names] for names in split_unit_roles(cell))
        return self._cells[cell]

    def _unit(self, name: str):
        if name not in self._names:
            found = self.resolver.find(name)
            if found is None and self.create_units:
                found = self.pending.setdefault(name, _PendingUnit(name))
            self._names[name] = found
        return self._names[name]


def _links(model, plan) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for task_id, unit_id in model.objects.filter(task__plan=plan).order_by("task_id", "position").values_list(
        "task_id", "unit_id"
    ):
        out.setdefault(task_id, []).append(unit_id)
    return out


def check_ledger(ledger: Ledger, plan: Plan, create_units: bool = False, progress: Progress | None = None) -> LedgerCheck:
    """Validate every row and work out what would change; writes nothing."""
    ctx = _Context(plan, create_units)
    check = LedgerCheck(plan=plan, columns=list(ledger.columns))
    seen: dict[int, int] = {}
    total = len(ledger)
    for done, row in enumerate(ledger.rows(), start=1):
        errors: list[RowError] = []
        values = _parse_row(row, ctx, errors)
        number = values.pop("number", None)
        if number is not None and number in seen:
            errors.append(RowError(row.row, COLUMNS["number"], str(number), f"序号重复：第 {seen[number]} 行已使用序号 {number}"))
        if errors:
            check.errors.extend(errors)
        else:
            seen[number] = row.row
            check.outcomes.append(_outcome(row.row, number, values, ctx))
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, max(total, done))
    if progress:
        progress(total, total)
    check.new_units = list(ctx.pending)
    return check


def _parse_row(row, ctx: _Context, errors: list[RowError]) -> dict:
    v, out = row.values, {}

    def refuse(key, message, value=None):
        errors.append(RowError(row.row, COLUMNS[key], v.get(key, "") if value is None else value, message))

    number, message = parse_number(v.get("number", ""))
    if message:
        refuse("number", message)
    out["number"] = number
    if not v.get("title"):
        refuse("title", "任务名称不能为空")
    out["title"] = v.get("title", "")[:300]
    for key in ("text", "progress"):
        if key in v:
            out[key] = v[key]
    if "due" in v:
        day, written, message = parse_due(row.raw_due, v["due"], ctx.plan.year)  # 6月底前: the plan's year
        if message:
            refuse("due", message)
        # A real Excel date needs no text beside it, nor does a bare ISO date (how CSV carries a date);
        # text such as 2026年6月底前 is kept as written.
        is_date_cell = isinstance(row.raw_due, datetime.date) or (day is not None and written == day.isoformat())
        out["due_date"], out["due_text"] = day, ("" if is_date_cell else written[:100])
    if v.get("status"):
        status, message = parse_status(v["status"])
        if message:
            refuse("status", message)
        out["status"] = status
    found: dict[str, list] = {}
    for key in UNIT_FIELDS:
        if key in v:
            marked, others = ctx.units_in(v[key])
            # "区司法局(牵头)" or "牵头单位：…" in the 责任单位 cell: that unit leads the task
            for target, names in (("lead_units", marked), (key, others)):
                found.setdefault(target, []).extend((key, name, unit) for name, unit in names)
    for target, named in found.items():
        units = []
        for key, name, unit in named:
            if unit is None:
                refuse(key, f"未找到单位“{name}”：请先在“单位”中添加该单位或别名，或选择“自动创建新单位”", name)
            elif unit not in units:  # 区司法局 and 东河区司法局 are one unit: linked once
                units.append(unit)
        out[target] = units
    if "indicators" in v:
        out["indicators"] = _indicators(v["indicators"], ctx, lambda m, val: refuse("indicators", m, val))
    return out


def _indicators(cell: str, ctx: _Context, refuse) -> list[Indicator]:
    codes = split_codes(cell)
    if codes and not ctx.plan.indicator_system_id:
        refuse("该计划未关联指标体系，无法识别对应指标；请先在计划中选择指标体系", cell)
        return []
    found = []
    for code in codes:
        matches = ctx.indicators.resolve(code)
        if len(matches) > 1:
            refuse(f"指标序号“{code}”对应多条指标，请填写指标编码（如 {matches[0].code}）", code)
        elif not matches:
            refuse(f"指标“{code}”不在《{ctx.plan.indicator_system}》中，请填写该体系的指标序号或编码", code)
        else:
            found.append(matches[0])
    return found


def _outcome(row: int, number: int, values: dict, ctx: _Context) -> RowOutcome:
    task = ctx.tasks.get(number)
    if task is None:
        return RowOutcome(row, number, "new", values, changed=list(values))
    changed = [k for k in SCALAR_FIELDS if k in values and getattr(task, k) != values[k]]
    for key in UNIT_FIELDS:
        if key in values and [u.pk for u in values[key]] != ctx.links[key].get(task.pk, []):
            changed.append(key)
    if "indicators" in values and {i.pk for i in values["indicators"]} != ctx.task_indicators.get(task.pk, set()):
        changed.append("indicators")
    return RowOutcome(row, number, "update" if changed else "skip", values, task=task, changed=changed)


@transaction.atomic
def apply_ledger(check: LedgerCheck, user=None, progress: Progress | None = None) -> LedgerCheck:
    """Write a checked ledger: refused if any row was refused; unchanged rows are not touched."""
    if check.errors:
        raise LedgerImportRefused(f"有 {len({e.row for e in check.errors})} 行数据有误，未导入任何数据")
    _create_pending_units(check)
    now = timezone.now()
    new = [o for o in check.outcomes if o.action == "new"]
    updated = [o for o in check.outcomes if o.action == "update"]
    defaults = {f.attname: f.get_default() for f in Task._meta.concrete_fields if f.attname != "id"}
    for outcome in new:
        scalars = {k: outcome.values[k] for k in SCALAR_FIELDS if k in outcome.values}
        outcome.written = {**defaults, "plan_id": check.plan.pk, "number": outcome.number, "updated_at": now, **scalars}
    _insert_tasks(check.plan, [o.written for o in new])
    changed_fields = {"updated_at"}
    for outcome in updated:
        for key in outcome.changed:
            if key in SCALAR_FIELDS:
                setattr(outcome.task, key, outcome.values[key])
                changed_fields.add(key)
        outcome.task.updated_at = now
        outcome.written = {f.attname: getattr(outcome.task, f.attname) for f in Task._meta.concrete_fields}
    Task.objects.bulk_update([o.task for o in updated], sorted(changed_fields), batch_size=1000)
    written = new + updated
    _replace_units(written)
    _replace_indicators(written)
    _write_history(written, user, now)
    if progress:
        progress(len(check.outcomes), len(check.outcomes))
    return check


def _insert_tasks(plan: Plan, rows: list[dict]) -> None:
    """Insert new tasks (as column → value dicts) and record their ids ((plan, number) is unique)."""
    if not rows:
        return
    columns = list(rows[0])
    insert_rows(Task, columns, ([row[c] for c in columns] for row in rows))
    by_number = {row["number"]: row for row in rows}
    for number, pk in Task.objects.filter(plan=plan).values_list("number", "id"):
        if number in by_number:
            by_number[number]["id"] = pk


def _create_pending_units(check: LedgerCheck) -> None:
    if not check.new_units:
        return
    resolver = UnitResolver(check.plan.region)
    real = {name: resolver.get_or_create(name) for name in check.new_units}
    for outcome in check.outcomes:
        for key in UNIT_FIELDS:
            if key in outcome.values:
                units = [real[u.name] if isinstance(u, _PendingUnit) else u for u in outcome.values[key]]
                outcome.values[key] = list(dict.fromkeys(units))  # 区数据局 and 东河区数据局 become one unit


def _replace_units(outcomes: list[RowOutcome]) -> None:
    for key, model in zip(UNIT_FIELDS, (TaskLeadUnit, TaskResponsibleUnit)):
        touched = [o for o in outcomes if key in o.changed]
        for ids in _chunks([o.task_id for o in touched if o.action == "update"]):
            model.objects.filter(task_id__in=ids).delete()
        insert_rows(model, ["task", "unit", "position"],
                    ((o.task_id, u.pk, i) for o in touched for i, u in enumerate(o.values[key])))


def _replace_indicators(outcomes: list[RowOutcome]) -> None:
    through = Task.indicators.through
    touched = [o for o in outcomes if "indicators" in o.changed]
    for ids in _chunks([o.task_id for o in touched if o.action == "update"]):
        through.objects.filter(task_id__in=ids).delete()
    insert_rows(through, ["task", "indicator"], ((o.task_id, i.pk) for o in touched for i in o.values["indicators"]))


def _write_history(outcomes: list[RowOutcome], user, when) -> None:
    """One history entry per written task, with its units as written, in bulk."""
    history_model = Task.history.model
    entry = {"history_date": when, "history_user_id": getattr(user, "pk", None), "history_change_reason": "台账导入"}
    fields = [f.attname for f in Task._meta.concrete_fields if f.attname != "updated_at"]
    columns = fields + ["history_type", *entry]
    insert_rows(history_model, columns, (
        [o.written[f] for f in fields] + ["+" if o.action == "new" else "~", *entry.values()] for o in outcomes
    ))
    # This import's entries are the plan's entries stamped with this import's time.
    plan_id = outcomes[0].written["plan_id"] if outcomes else None
    entry_by_task = dict(history_model.objects.filter(history_date=when, plan_id=plan_id).values_list("id", "history_id"))
    for m2m_field, m2m_model in TASK_HISTORY.m2m_models.items():
        rows = m2m_field.remote_field.through.objects.filter(task__plan_id=plan_id).values_list(
            "id", "task_id", "unit_id", "position"
        )
        insert_rows(m2m_model, ["history", "id", "task", "unit", "position"],
                    ((entry_by_task[t], i, t, u, p) for i, t, u, p in rows if t in entry_by_task))


def _chunks(ids: list[int], size: int = 900):
    """Keeps IN (...) lists below SQLite's variable limit on older builds."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def units_text(units: list[OrgUnit]) -> str:
    return "、".join(u.name for u in units)
