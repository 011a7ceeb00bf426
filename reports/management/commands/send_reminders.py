from django.core.management.base import BaseCommand

from reports.reminders import send_deadline_reminders

from .flag_gaps import _date


class Command(BaseCommand):
    help = "向牵头单位联系人发送任务到期提醒和逾期提醒邮件；已发送过的提醒不会重复发送"

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_date, help="按该日期计算到期和逾期（YYYY-MM-DD），默认今天")

    def handle(self, *args, **opts):
        result = send_deadline_reminders(opts["today"])
        self.stdout.write(self.style.SUCCESS(result.summary()))
