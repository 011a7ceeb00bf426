from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from checklist.models import Plan
from checklist.plan_import import RegionError, find_plan, resolve_region
from reports.gap_report import FORMATS, build_gap_report, needs_evidence_list, render_output
from reports.models import AnnualReport, Evidence


def _year(text: str | None) -> int | None:
    # Checked here rather than by argparse, whose messages are in English.
    if text is None:
        return None
    text = text.strip().removesuffix("年度").removesuffix("年")
    if not (text.isdigit() and len(text) == 4):
        raise CommandError(f"佐证年度应为四位数字的年份，如 2023（收到“{text}”）")
    return int(text)


def _check_year(region, year: int) -> None:
    """A year with no report, plan or dated evidence of the region is almost always a typo: say so, write nothing."""
    regions = Q(region=region) | Q(region__parent=region)  # a city's report also shows its districts
    known = set(AnnualReport.objects.filter(regions).values_list("year", flat=True))
    known |= set(Plan.objects.filter(regions).values_list("year", flat=True))
    evidence = Evidence.objects.filter(Q(task__plan__region=region) | Q(task__plan__region__parent=region), year=year)
    if year in known or evidence.exists():
        return
    listed = "、".join(str(y) for y in sorted(known, reverse=True)) or "无"
    raise CommandError(f"{region.name}没有 {year} 年度的报告、计划或佐证（已有年度：{listed}）")


class Command(BaseCommand):
    help = "生成地区的差距报告（html / xlsx / pdf / json），内容与管理后台的差距报告页面相同"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="地区，如“东河区”或“包头市/东河区”")
        parser.add_argument("--plan", help="只看一个计划：计划编号或“地区:年度”，如“东河区:2021”；不写时为本地区全部计划")
        parser.add_argument("--year", help="佐证年度，如 2023；不写时为全部年度")
        parser.add_argument("--format", required=True, help=f"输出格式：{'、'.join(FORMATS)}")
        parser.add_argument("-o", "--output", required=True, help="输出文件路径")

    def handle(self, *args, **opts):
        fmt = opts["format"].strip().lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError(f"不支持的格式“{opts['format']}”：可选 {'、'.join(FORMATS)}")
        out = Path(opts["output"])
        if not out.parent.is_dir():
            raise CommandError(f"输出目录不存在：{out.parent}")
        year = _year(opts["year"])
        try:
            region = resolve_region(opts["region"], create=False)
            plan = find_plan(opts["plan"]) if opts["plan"] else None
        except RegionError as exc:
            raise CommandError(str(exc)) from exc
        if plan is not None and plan.region_id != region.pk:
            raise CommandError(f"计划“{plan}”不属于{region}")
        if year is not None:
            _check_year(region, year)
        report = build_gap_report(region, plan=plan, year=year, evidence_list=needs_evidence_list(fmt))
        # Rendered before the file is opened: a failure leaves no half-written file behind.
        data = render_output(report, fmt)
        out.write_bytes(data)
        s = report["summary"]
        self.stdout.write(self.style.SUCCESS(
            f"已生成 {out}：{report['region']['label']}，{report['scope']}，{report['period']}；"
            f"任务 {s['tasks']} 项，逾期 {s['overdue']} 项，无佐证 {s['without_evidence']} 项，待处理差距 {s['open_gaps']} 项"
        ))
        for notice in report["notices"]:
            self.stdout.write(self.style.WARNING(f"请注意：{notice}"))
