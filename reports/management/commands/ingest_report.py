import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from checklist.plan_import import RegionError, find_plan, resolve_region
from reports.intake import register_report
from reports.models import AnnualReport
from reports.parsing.reader import ReportReadError
from reports.pipeline import failure_reason, process_report
from reports.report_json import report_json


class Command(BaseCommand):
    help = "读取年度法治政府建设情况报告（.txt / .docx / .pdf），拆分段落、比对任务与指标、查找差距；重复执行不会产生重复数据"

    def add_arguments(self, parser):
        parser.add_argument("file", help="报告文件路径")
        parser.add_argument("--region", required=True, help="地区，如“东河区”或“包头市/东河区”")
        parser.add_argument("--year", required=True, type=int, help="报告所述年度，如 2023")
        parser.add_argument(
            "--plan", action="append", default=[],
            help="只与这些计划比对（计划编号或“地区:年度”，可重复）；不写时与本地区及上级地区的全部计划比对",
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出段落、数据事实与比对结果")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            plans = [find_plan(spec) for spec in opts["plan"]]
            with transaction.atomic():  # a new region is only kept with its report
                region = resolve_region(opts["region"])
                report, created = register_report(region, opts["year"], path.read_bytes(), path.name, plans=plans)
        except (ReportReadError, RegionError) as exc:
            raise CommandError(str(exc)) from exc
        try:
            analysis, scope, sync = process_report(report.pk)
        except Exception as exc:  # the report is marked failed with the same reason
            raise CommandError(f"报告处理失败：{failure_reason(exc)}") from exc
        report = AnnualReport.objects.select_related("region").get(pk=report.pk)
        if opts["json"]:
            self.stdout.write(json.dumps(report_json(report, analysis, scope), ensure_ascii=False, indent=2))
            return
        attached = sum(len(a.attached) for a in analysis.passages)
        facts = sum(len(a.facts) for a in analysis.passages)
        self.stdout.write(self.style.SUCCESS(
            f"{'新建' if created else '已有'}报告“{report}”：{len(analysis.passages)} 个段落，{facts} 项数据，"
            f"建议佐证 {attached} 条（本次新增 {sync.evidence_created} 条）"
        ))
