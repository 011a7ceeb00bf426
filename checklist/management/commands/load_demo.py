import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from checklist.indicator_import import import_system
from checklist.parsing.indicators import load_indicator_file
from checklist.plan_import import import_plan_file, resolve_region

FIXTURES = settings.BASE_DIR / "fixtures"
# (file, region, year the report covers); all four are matched against the Donghe 2021 plan.
DEMO_REPORTS = [
    ("report-baotou.txt", "包头市", 2022),  # the city above 东河区, as the plan has it
    ("report-ordos-2023.txt", "鄂尔多斯市", 2023),
    ("report-yuanbaoshan-2024.txt", "赤峰市/元宝山区", 2024),
    ("report-shiyan-2023.txt", "十堰市", 2023),
]


class Command(BaseCommand):
    help = "载入演示数据：2021 年版指标体系（已核实部分）、东河区 2021 年度工作计划、四份公开的年度报告，并创建管理员账号"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default=os.environ.get("LAWGOV_DEMO_PASSWORD", ""))

    def handle(self, *args, **opts):
        system = import_system(load_indicator_file(FIXTURES / "indicators-2021.json"))
        self.stdout.write(system.summary())
        region = resolve_region("包头市/东河区")
        plan = import_plan_file(FIXTURES / "documents" / "donghe-2021-plan.txt", region, 2021)
        if plan.plan.indicator_system_id is None:
            plan.plan.indicator_system = system.system
            plan.plan.save(update_fields=["indicator_system"])
        self.stdout.write(plan.summary())
        self._load_reports(plan.plan)

        User = get_user_model()
        password = opts["password"] or secrets.token_urlsafe(9)
        user, _ = User.objects.get_or_create(username=opts["username"])
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(self.style.SUCCESS(f"管理员账号：{user.username}  密码：{password}"))

    def _load_reports(self, plan):
        """Published reports of other regions, matched against the Donghe plan to show the evidence pages."""
        from reports.gaps.flagging import flag_gaps
        from reports.intake import register_report
        from reports.pipeline import process_report

        for name, region_path, year in DEMO_REPORTS:
            path = FIXTURES / "documents" / name
            report, _ = register_report(resolve_region(region_path), year, path.read_bytes(), name, plans=[plan])
            analysis, _, _ = process_report(report.pk, flag=False)
            attached = sum(len(a.attached) for a in analysis.passages)
            self.stdout.write(f"报告《{report}》：{len(analysis.passages)} 个段落，建议佐证 {attached} 条")
        self.stdout.write(flag_gaps(plan.region).summary())
