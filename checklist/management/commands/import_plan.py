import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from checklist.models import Plan
from checklist.parsing.documents import DocumentError, read_document
from checklist.parsing.plan import PlanParseError, parse_plan_text
from checklist.plan_import import RegionError, import_plan, resolve_region
from checklist.signals import notify_tasks_changed


class Command(BaseCommand):
    help = "导入工作计划文件（.txt / .docx / .pdf），生成计划及其任务；重复导入不会产生重复数据"

    def add_arguments(self, parser):
        parser.add_argument("file", help="计划文件路径")
        parser.add_argument("--region", required=True, help="地区，如“东河区”或“包头市/东河区”")
        parser.add_argument("--year", required=True, type=int, help="年度，如 2021")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出解析结果")

    def handle(self, *args, **opts):
        try:
            parsed = parse_plan_text(read_document(opts["file"]))
            with transaction.atomic():  # a new region is only kept with its plan
                region = resolve_region(opts["region"])
                result = import_plan(parsed, region, opts["year"], source_file=_name(opts["file"]))
        except (DocumentError, PlanParseError, RegionError) as exc:
            raise CommandError(str(exc)) from exc
        if opts["json"]:
            out = parsed.to_dict()
            out["plan"].update(id=result.plan.pk, region=region.name, year=opts["year"], title=result.plan.title)
            out["result"] = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged,
                             "indicators": result.indicators_dict()}
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            style = self.style.WARNING if result.needs_attention else self.style.SUCCESS
            self.stdout.write(style(result.summary()))
        for reply in notify_tasks_changed(Plan, plan_ids=[result.plan.pk]):  # the gaps of the plan's region
            (self.stderr if opts["json"] else self.stdout).write(reply)  # stdout keeps to the JSON


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
