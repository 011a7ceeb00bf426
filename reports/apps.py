from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "年度报告与佐证"

    def ready(self):
        from checklist.signals import tasks_changed

        from .gaps.recheck import recheck_task_regions

        tasks_changed.connect(recheck_task_regions, dispatch_uid="reports.recheck_task_regions")

        # reports depends on checklist, not the reverse, so the checklist's task and indicator admins
        # cannot name the evidence inline themselves: it is added to them here, once the admin
        # autodiscovery (run by django.contrib.admin's ready(), listed first) has registered them.
        from django.contrib import admin

        from checklist.models import Indicator, Task

        from .admin.inlines import IndicatorEvidenceInline, TaskEvidenceInline

        for model, inline in ((Task, TaskEvidenceInline), (Indicator, IndicatorEvidenceInline)):
            if not admin.site.is_registered(model):
                continue
            model_admin = admin.site.get_model_admin(model)
            if inline not in model_admin.inlines:
                model_admin.inlines = [*model_admin.inlines, inline]
