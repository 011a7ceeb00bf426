"""Writing a parsed plan document into the tracker: idempotent, all or nothing."""
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .ledger.values import parse_due
from .models import Plan, PlanSection, Region, Task
from .parsing.documents import read_document
from .parsing.plan import ParsedPlan, parse_plan_text
from .task_history import record_task_change, set_units
from .units import UnitResolver


class RegionError(ValueError):
    pass


@dataclass
class PlanImportResult:
    plan: Plan
    plan_created: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        verb = "已创建" if self.plan_created else "已更新"
        return (
            f"{verb}计划《{self.plan.title}》：新增任务 {self.created} 项，"
            f"更新 {self.updated} 项，未变 {self.unchanged} 项"
        )


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
    """Create or update the plan and its tasks. Status and progress, the user's own work, are never touched."""
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
    for item in parsed.tasks:
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
        task = existing.get(item.number)
        if task is None:
            task = Task(plan=plan, number=item.number, **fields)
            task.save_without_historical_record()
            set_units(task, lead, resp)
            record_task_change(task, created=True, user=user)
            result.created += 1
            continue
        changed = [k for k, v in fields.items() if getattr(task, k) != v]
        for k in changed:
            setattr(task, k, fields[k])
        if changed:
            task.save_without_historical_record()
        if set_units(task, lead, resp) or changed:
            record_task_change(task, user=user)
            result.updated += 1
        else:
            result.unchanged += 1
    return result


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
