"""Writing a parsed plan document into the tracker: idempotent, all or nothing."""
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .ledger.values import parse_due
from .models import Indicator, IndicatorSystem, Plan, PlanSection, Region, Task
from .parsing.documents import read_document
from .parsing.indicator_refs import IndicatorIndex, IndicatorRef, find_indicator_refs
from .parsing.plan import ParsedPlan, parse_plan_text
from .task_history import record_task_change, set_units
from .units import UnitResolver


class RegionError(ValueError):
    pass


UNRESOLVED_SHOWN = 10  # references quoted in the summary; the rest are counted


@dataclass
class UnresolvedRef:
    task_number: int
    ref: IndicatorRef
    reason: str = ""  # "" when the system has no such indicator

    def text(self) -> str:
        return f"任务 {self.task_number}{self.ref.display}" + (f"（{self.reason}）" if self.reason else "")


@dataclass
class PlanImportResult:
    plan: Plan
    plan_created: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refs_found: int = 0  # indicator references written in the tasks' text
    links_added: int = 0  # task–indicator links this import made
    system_note: str = ""  # how the plan's indicator system was chosen, or why no links were made
    unresolved: list[UnresolvedRef] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        """References were written but some (or all) could not be linked."""
        return bool(self.unresolved) or bool(self.refs_found and not self.plan.indicator_system_id)

    def summary(self) -> str:
        verb = "已创建" if self.plan_created else "已更新"
        parts = [
            f"{verb}计划《{self.plan.title}》：新增任务 {self.created} 项，"
            f"更新 {self.updated} 项，未变 {self.unchanged} 项。"
        ]
        if self.system_note:
            parts.append(self.system_note)
        if self.refs_found and self.plan.indicator_system_id:
            parts.append(
                f"按《{self.plan.indicator_system}》识别对应指标 {self.refs_found} 处，"
                f"新建任务与指标的关联 {self.links_added} 处。"
            )
        if self.unresolved:
            shown = "、".join(u.text() for u in self.unresolved[:UNRESOLVED_SHOWN])
            more = "等" if len(self.unresolved) > UNRESOLVED_SHOWN else ""
            parts.append(
                f"对应指标未能识别 {len(self.unresolved)} 处：{shown}{more}。"
                "原文仍保留在任务内容中，可核对后在任务页面手工选择对应指标。"
            )
        return "".join(parts)

    def indicators_dict(self) -> dict:
        """The indicator part of the result, for the command's JSON output."""
        return {
            "system": str(self.plan.indicator_system) if self.plan.indicator_system_id else None,
            "found": self.refs_found,
            "linked": self.links_added,
            "note": self.system_note,
            "unresolved": [
                {"task": u.task_number, "written": u.ref.written, "value": u.ref.value, "reason": u.reason}
                for u in self.unresolved
            ],
        }


def resolve_region(spec: str, create: bool = True) -> Region:
    """`包头市/东河区` names the path from the top; `东河区` names an existing region (or a new top-level one)."""
    names = [n.strip() for n in spec.replace("\\", "/").replace(">", "/").split("/") if n.strip()]
    if not names:
        raise RegionError("请填写地区名称，如“东河区”或“包头市/东河区”")
    if len(names) == 1:
        matches = list(Region.objects.filter(name=names[0]))
        if len(matches) > 1:
            paths = "、".join(f"{m.parent.name if m.parent else ''}/{m.name}" for m in matches)
            raise RegionError(f"有多个地区名为“{names[0]}”（{paths}），请写明上级，如“包头市/{names[0]}”")
        if matches:
            return matches[0]
    parent = None
    for name in names:
        if create:
            parent, _ = Region.objects.get_or_create(name=name, parent=parent)
        else:
            parent = Region.objects.filter(name=name, parent=parent).first()
            if parent is None:
                raise RegionError(f"未找到地区“{name}”")
    return parent


def import_plan_file(path, region: Region, year: int, user=None, source_name: str = "") -> PlanImportResult:
    parsed = parse_plan_text(read_document(path))
    return import_plan(parsed, region, year, source_file=source_name or Path(path).name, user=user)


@transaction.atomic
def import_plan(parsed: ParsedPlan, region: Region, year: int, source_file: str = "", user=None) -> PlanImportResult:
    """Create or update the plan and its tasks, linking each task to the indicators its 对应指标 name.

    Status and progress, the user's own work, are never touched; indicator links are only ever added.
    """
    title = parsed.title or Path(source_file).stem or f"{region.name}{year}年度工作计划"
    plan, created = Plan.objects.get_or_create(region=region, year=year, title=title)
    meta = {
        "doc_number": parsed.doc_number or plan.doc_number,
        "issuer": parsed.issuer or plan.issuer,
        "written_on": parsed.written_on or plan.written_on,
        "source_file": source_file or plan.source_file,
    }
    if any(getattr(plan, k) != v for k, v in meta.items()):
        for k, v in meta.items():
            setattr(plan, k, v)
        plan.save()

    sections = _sync_sections(plan, parsed.sections)
    resolver = UnitResolver(region)
    existing = {t.number: t for t in plan.tasks.select_related("section")}
    result = PlanImportResult(plan=plan, plan_created=created)
    refs = [find_indicator_refs(item.text) for item in parsed.tasks]
    result.refs_found = sum(len(r) for r in refs)
    index = _indicator_index(plan, year, result)
    linked = _linked_indicators(plan) if index else {}
    for item, task_refs in zip(parsed.tasks, refs):
        fields = {
            "section": sections.get(item.section),
            "title": item.title[:300],
            "text": item.text,
            "due_text": (item.due_text or "")[:100],
        }
        if item.due_text:  # the deadline as written stays in due_text; the date beside it drives overdue marks
            fields["due_date"] = due_date(item.due_text, year)
        lead = [resolver.get_or_create(n) for n in item.lead_units]
        resp = [resolver.get_or_create(n) for n in item.responsible_units]
        wanted = _resolve_refs(index, item.number, task_refs, result) if index else []
        task = existing.get(item.number)
        if task is None:
            task = Task(plan=plan, number=item.number, **fields)
            task.save_without_historical_record()
            set_units(task, lead, resp)
            _add_indicators(task, wanted, set(), result)
            record_task_change(task, created=True, user=user)
            result.created += 1
            continue
        changed = [k for k, v in fields.items() if getattr(task, k) != v]
        for k in changed:
            setattr(task, k, fields[k])
        if changed:
            task.save_without_historical_record()
        units_changed = set_units(task, lead, resp)
        # Links are only added: those staff made by hand, or that an older version of the file made, stay.
        indicators_changed = _add_indicators(task, wanted, linked.get(task.pk, set()), result)
        if units_changed or indicators_changed or changed:
            record_task_change(task, user=user)
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def _indicator_index(plan: Plan, year: int, result: PlanImportResult) -> IndicatorIndex | None:
    """The indicators the references are looked up in: the plan's system, or one chosen for it.

    A plan without a system gets one only when the choice is clear (the only system loaded, or the single
    newest one published no later than the plan's year); the summary says which, or why none.
    """
    if not result.refs_found:
        return None
    if not plan.indicator_system_id:
        system, result.system_note = choose_system(year, result.refs_found)
        if system is None:
            return None
        plan.indicator_system = system
        plan.save(update_fields=["indicator_system"])
    return IndicatorIndex(Indicator.objects.filter(system_id=plan.indicator_system_id))


def system_year(system: IndicatorSystem) -> int | None:
    """The year of a system's edition: its version ("2021", "2021b"), else a year in its name."""
    found = re.match(r"(?:19|20)\d{2}", system.version.strip()) or re.search(r"(?:19|20)\d{2}", system.name)
    return int(found.group()) if found else None


def choose_system(year: int, refs_found: int) -> tuple[IndicatorSystem | None, str]:
    """(system, sentence for the summary) for a plan without one; (None, why) when the choice is not clear."""
    systems = list(IndicatorSystem.objects.order_by("pk"))
    if len(systems) == 1:
        return systems[0], f"计划原未关联指标体系，系统中只有《{systems[0]}》，已将其设为本计划的对应指标体系。"
    dated = [(y, s) for s in systems if (y := system_year(s)) is not None and y <= year]
    latest = max((y for y, _ in dated), default=None)
    newest = [s for y, s in dated if y == latest]
    if len(newest) == 1:
        return newest[0], (
            f"计划原未关联指标体系，已按计划年度选用《{newest[0]}》（{year}年及以前的最新版本），"
            "并设为本计划的对应指标体系。"
        )
    lead = f"文件中写有对应指标 {refs_found} 处，"
    if not systems:
        return None, lead + "但系统中还没有指标体系，未建立任务与指标的关联；请先导入指标体系并在计划中选择，再重新导入本文件。"
    names = "、".join(f"《{s}》" for s in (newest or systems))
    return None, (
        lead + f"但计划未关联指标体系，且无法确定应使用哪一个（{names}），未建立任务与指标的关联；"
        "请先在计划中选择指标体系，再重新导入本文件。"
    )


def _linked_indicators(plan: Plan) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for task_id, indicator_id in Task.indicators.through.objects.filter(task__plan=plan).values_list(
        "task_id", "indicator_id"
    ):
        out.setdefault(task_id, set()).add(indicator_id)
    return out


def _resolve_refs(index: IndicatorIndex, number: int, refs: list[IndicatorRef], result: PlanImportResult) -> list[int]:
    """Indicator ids the task's references name, in written order; the others go to result.unresolved."""
    found: list[int] = []
    for ref in refs:
        matches = index.resolve(ref)
        if len(matches) == 1:
            if matches[0].pk not in found:
                found.append(matches[0].pk)
            continue
        if len(matches) > 1:
            reason = f"对应多条指标，请写指标编码，如 {matches[0].code}"
        else:
            reason = "无法识别的写法" if ref.kind == "unknown" else ""
        result.unresolved.append(UnresolvedRef(number, ref, reason))
    return found


def _add_indicators(task: Task, wanted: list[int], linked: set[int], result: PlanImportResult) -> bool:
    new = [pk for pk in wanted if pk not in linked]
    if new:
        task.indicators.add(*new)
        result.links_added += len(new)
    return bool(new)


# A deadline written without its year ("年底前", "6月底前", "上半年") is in the plan's year.
_NO_YEAR = re.compile(r"^(?:于|在)?(?=年底|年内|年末|上半年|下半年|\d{1,2}月|第?[一二三四1-4]季度)")


def due_date(due_text: str, year: int) -> datetime.date | None:
    """The date a plan's deadline stands for, or None ("长期坚持", "持续推进", "全年")."""
    text = due_text.strip()
    if year and not re.search(r"(?:19|20)\d{2}", text) and _NO_YEAR.match(text):
        text = _NO_YEAR.sub("", text)
        text = f"{year}{text}" if text.startswith("年") else f"{year}年{text}"
    day, _, _ = parse_due(None, text)
    return day


def _sync_sections(plan: Plan, titles: list[str]) -> dict[str, PlanSection]:
    by_position = {s.position: s for s in plan.sections.all()}
    out = {}
    for position, title in enumerate(titles, start=1):
        section = by_position.get(position)
        if section is None:
            section = PlanSection.objects.create(plan=plan, position=position, title=title[:300])
        elif section.title != title:
            section.title = title[:300]
            section.save(update_fields=["title"])
        out[title] = section
    return out


def find_plan(spec: str) -> Plan:
    """A plan by id (`12`) or by region and year (`东河区:2021`, `包头市/东河区:2021`)."""
    spec = spec.strip().replace("：", ":")
    if spec.isdigit():
        plan = Plan.objects.filter(pk=int(spec)).first()
        if plan is None:
            raise RegionError(f"未找到编号为 {spec} 的计划")
        return plan
    region_spec, _, year = spec.rpartition(":")
    if not region_spec or not year.isdigit():
        raise RegionError(f"无法识别计划“{spec}”：请写计划编号，或“地区:年度”，如“东河区:2021”")
    region = resolve_region(region_spec, create=False)
    plans = list(Plan.objects.filter(region=region, year=int(year)))
    if not plans:
        raise RegionError(f"{region.name}没有 {year} 年度的计划")
    if len(plans) > 1:
        listed = "；".join(f"{p.pk}：{p.title}" for p in plans)
        raise RegionError(f"{region.name} {year} 年度有多个计划，请写计划编号（{listed}）")
    return plans[0]
