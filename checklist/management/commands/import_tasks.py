import json
import sys

from django.core.management.base import BaseCommand, CommandError

from checklist.ledger import LedgerError, open_ledger
from checklist.ledger_import import apply_ledger, check_ledger
from checklist.models import Task
from checklist.plan_import import RegionError, find_plan
from checklist.signals import notify_tasks_changed


class Command(BaseCommand):
    help = "导入任务台账（.xlsx / .csv）到计划：任一行有误则不写入任何数据"

    def add_arguments(self, parser):
        parser.add_argument("file", help="台账文件")
        parser.add_argument("--plan", required=True, help="计划编号，或“地区:年度”，如 东河区:2021")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
        parser.add_argument("--create-units", action="store_true", help="台账中出现的新单位自动创建")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        parser.add_argument("--user", help="记入修改记录的用户名（默认记为“系统导入”）")

    def handle(self, *args, **opts):
        try:
            user = _user(opts["user"])
            plan = find_plan(opts["plan"])
            with open_ledger(opts["file"]) as ledger:
                check = check_ledger(ledger, plan, create_units=opts["create_units"], progress=self._progress())
        except (LedgerError, RegionError, OSError, LookupError) as exc:
            raise CommandError(str(exc)) from exc
        replies = []
        if not check.errors and not opts["dry_run"]:
            apply_ledger(check, user=user)
            replies = notify_tasks_changed(Task, plan_ids=[plan.pk])  # the gaps of the plan's region
        if opts["json"]:
            self.stdout.write(json.dumps(check.to_dict(), ensure_ascii=False, indent=2))
        else:
            for e in check.errors:
                self.stderr.write(f"第 {e.row} 行 {e.column}“{e.value}”：{e.message}")
            prefix = "检查结果（未写入）" if opts["dry_run"] or check.errors else "已导入"
            self.stdout.write(f"{prefix}：{check.summary()}")
        for reply in replies:  # on stderr with --json, which keeps stdout for the JSON
            (self.stderr if opts["json"] else self.stdout).write(reply)
        if check.errors:
            sys.exit(1)

    def _progress(self):
        stream = self.stderr
        if not stream.isatty():
            return None

        def show(done, total):
            width = 30
            filled = int(width * done / total) if total else width
            stream.write(f"\r读取台账 [{'█' * filled}{' ' * (width - filled)}] {done}/{total}", ending="")
            if done >= total:
                stream.write("")

        return show


def _user(username):
    if not username:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise LookupError(f"未找到用户“{username}”")
    return user
