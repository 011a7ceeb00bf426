import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from checklist.indicator_import import import_system
from checklist.parsing.indicators import load_indicator_file
from checklist.plan_import import import_plan_file, resolve_region

FIXTURES = settings.BASE_DIR / "fixtures"


class Command(BaseCommand):
    help = "载入演示数据：2021 年版指标体系（已核实部分）和东河区 2021 年度工作计划，并创建管理员账号"

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

        User = get_user_model()
        password = opts["password"] or secrets.token_urlsafe(9)
        user, _ = User.objects.get_or_create(username=opts["username"])
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(self.style.SUCCESS(f"管理员账号：{user.username}  密码：{password}"))
