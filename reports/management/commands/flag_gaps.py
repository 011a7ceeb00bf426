import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError

from checklist.plan_import import RegionError, resolve_region
from reports.gaps.flagging import flag_all_regions, flag_gaps


class Command(BaseCommand):
    help = "按差距规则检查差距：新发现的记为待处理，不再出现的自动解决；重复运行不会产生变化"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="只检查该地区，如“东河区”或“包头市/东河区”；不填时检查全部地区")
        parser.add_argument("--today", type=_date, help="按该日期检查（YYYY-MM-DD），默认今天")

    def handle(self, *args, **opts):
        if opts["region"]:
            try:
                region = resolve_region(opts["region"], create=False)
            except RegionError as exc:
                raise CommandError(str(exc)) from exc
            results = [flag_gaps(region, opts["today"])]
        else:
            results = flag_all_regions(opts["today"])
            if not results:
                self.stdout.write("没有需要检查的地区（尚无工作计划或年度报告）。")
        for result in results:
            self.stdout.write(self.style.SUCCESS(result.summary()))


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD，如 2026-06-30：{text}") from exc
