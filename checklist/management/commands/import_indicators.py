import json

from django.core.management.base import BaseCommand, CommandError

from checklist.indicator_import import import_system
from checklist.parsing.indicators import IndicatorParseError, load_indicator_file


class Command(BaseCommand):
    help = "导入指标体系（.json / .xlsx / .csv / .docx / .pdf / .txt）；按稳定编码更新，重复导入不会产生重复数据"

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version names the indicator system's version; it replaces Django's own --version flag.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("file", help="指标体系文件路径")
        parser.add_argument("--name", help="指标体系名称（默认取文件中的标题）")
        parser.add_argument("--version", dest="system_version", help="版本，如 2021")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出导入结果")

    def handle(self, *args, **opts):
        try:
            parsed = load_indicator_file(opts["file"], name=opts["name"], version=opts["system_version"])
        except (IndicatorParseError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        result = import_system(parsed)
        if opts["json"]:
            out = parsed.to_dict()
            out["system"]["id"] = result.system.pk
            out["completeness"] = parsed.completeness()
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.style.SUCCESS(result.summary()))
