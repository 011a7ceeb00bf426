from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from checklist.plan_import import RegionError, find_plan, resolve_region
from reports.gap_report import FORMATS, build_gap_report, needs_evidence_list, render_output


class Command(BaseCommand):
    help = "生成地区的差距报告（html / xlsx / pdf / json），内容与管理后台的差距报告页面相同"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="地区，如“东河区”或“包头市/东河区”")
        parser.add_argument("--plan", help="只看一个计划：计划编号或“地区:年度”，如“东河区:2021”；不写时为本地区全部计划")
        parser.add_argument("--year", type=int, help="佐证年度，如 2023；不写时为全部年度")
        parser.add_argument("--format", required=True, choices=list(FORMATS), help="输出格式")
        parser.add_argument("-o", "--output", required=True, help="输出文件路径")

    def handle(self, *args, **opts):
        try:
            region = resolve_region(opts["region"], create=False)
            plan = find_plan(opts["plan"]) if opts["plan"] else None
        except RegionError as exc:
            raise CommandError(str(exc)) from exc
        if plan is not None and plan.region_id != region.pk:
            raise CommandError(f"计划“{plan}”不属于{region}")
        fmt = opts["format"]
        report = build_gap_report(region, plan=plan, year=opts["year"], evidence_list=needs_evidence_list(fmt))
        out = Path(opts["output"])
        out.write_bytes(render_output(report, fmt))
        s = report["summary"]
        self.stdout.write(self.style.SUCCESS(
            f"已生成 {out}：{report['region']['label']}，{report['scope']}，{report['period']}；"
            f"任务 {s['tasks']} 项，逾期 {s['overdue']} 项，无佐证 {s['without_evidence']} 项，待处理差距 {s['open_gaps']} 项"
        ))
