from django.core.management.base import BaseCommand, CommandError

from checklist.ledger_export import task_rows, write_csv, write_xlsx
from checklist.plan_import import RegionError, find_plan


class Command(BaseCommand):
    help = "导出计划的任务台账（.xlsx 或 .csv），可直接修改后再导入"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="计划编号，或“地区:年度”，如 东河区:2021")
        parser.add_argument("-o", "--output", required=True, help="输出文件，.xlsx 或 .csv")

    def handle(self, *args, **opts):
        try:
            plan = find_plan(opts["plan"])
        except RegionError as exc:
            raise CommandError(str(exc)) from exc
        path = opts["output"]
        writer = write_csv if path.lower().endswith(".csv") else write_xlsx
        if writer is write_xlsx and not path.lower().endswith(".xlsx"):
            raise CommandError("输出文件应以 .xlsx 或 .csv 结尾")
        with open(path, "wb") as fh:
            writer(task_rows(plan.tasks.all()), fh)
        self.stdout.write(self.style.SUCCESS(f"已导出 {plan.tasks.count()} 项任务到 {path}"))
