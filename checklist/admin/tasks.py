from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from ..models import OrgUnit, Task, TaskLeadUnit, TaskResponsibleUnit, TaskStatus
from ..signals import notify_tasks_changed
from ..task_history import record_task_change
from .history import TaskHistoryContext
from .ledger import LedgerAdminMixin


class OverdueFilter(admin.SimpleListFilter):
    title = "是否逾期"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("yes", "已逾期"), ("no", "未逾期"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.not_overdue()
        return queryset


class _UnitInline(admin.TabularInline):
    fields = ("position", "unit")
    autocomplete_fields = ("unit",)
    extra = 0


class LeadUnitInline(_UnitInline):
    model = TaskLeadUnit


class ResponsibleUnitInline(_UnitInline):
    model = TaskResponsibleUnit


def _status_action(status: TaskStatus):
    def action(modeladmin, request, queryset):
        changed = []
        for task in queryset.exclude(status=status):
            task.status = status
            task._history_user = request.user
            task.save()
            changed.append(task.pk)
        replies = notify_tasks_changed(Task, changed)
        text = f"已将 {len(changed)} 项任务的状态设为“{status.label}”。" + "".join(replies)
        modeladmin.message_user(request, text, messages.SUCCESS)

    action.__name__ = f"set_status_{status.value}"
    return admin.action(description=f"将所选任务状态设为：{status.label}")(action)


@admin.register(Task)
class TaskAdmin(LedgerAdminMixin, SimpleHistoryAdmin):
    list_display = ("number", "title", "plan", "lead_unit_names", "status", "due_date", "overdue_mark", "updated_at")
    list_display_links = ("number", "title")
    list_filter = (
        "plan",
        ("section", admin.RelatedOnlyFieldListFilter),
        "status",
        ("lead_units", admin.RelatedOnlyFieldListFilter),
        ("responsible_units", admin.RelatedOnlyFieldListFilter),
        ("indicators", admin.RelatedOnlyFieldListFilter),
        OverdueFilter,
    )
    search_fields = ("title", "text", "lead_units__name", "responsible_units__name", "lead_units__aliases__name")
    list_per_page = 50
    actions = [_status_action(s) for s in TaskStatus]
    inlines = [LeadUnitInline, ResponsibleUnitInline]
    autocomplete_fields = ("indicators",)
    fieldsets = (
        (None, {"fields": ("plan", "section", "number", "title")}),
        ("进度", {"fields": ("status", "due_date", "due_text", "progress")}),
        ("任务内容", {"fields": ("text",)}),
        ("对应指标", {"fields": ("indicators",)}),
    )
    object_history_list_template = "admin/checklist/task/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return TaskHistoryContext(self.model, historical_record)

    def get_queryset(self, request):
        lead = Prefetch("lead_units", queryset=OrgUnit.objects.order_by("taskleadunit__position"))
        return super().get_queryset(request).select_related("plan").prefetch_related(lead)

    @admin.display(description="牵头单位")
    def lead_unit_names(self, obj):
        return "、".join(u.name for u in obj.lead_units.all()) or "—"

    @admin.display(description="逾期")
    def overdue_mark(self, obj):
        return mark_safe('<strong style="color:#ba2121">已逾期</strong>') if obj.is_overdue else ""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "section" in form.base_fields:
            # Only the sections of the task's own plan make sense here.
            form.base_fields["section"].queryset = obj.plan.sections.all()
        return form

    def save_model(self, request, obj, form, change):
        # The history entry is written in save_related, once the unit inlines are saved too.
        obj.save_without_historical_record()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change or form.has_changed() or any(fs.has_changed() for fs in formsets):
            record_task_change(form.instance, created=not change, user=request.user)
            for reply in notify_tasks_changed(Task, [form.instance.pk]):
                self.message_user(request, reply, messages.INFO)
