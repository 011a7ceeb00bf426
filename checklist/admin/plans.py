from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from ..models import Plan, PlanSection, Task
from ..parsing.documents import DocumentError, read_document
from ..parsing.plan import PlanParseError, parse_plan_text
from ..plan_import import RegionError, import_plan, resolve_region
from ..signals import notify_tasks_changed
from .uploads import RegionSpecField, bound_form, saved_upload


class TaskInline(admin.TabularInline):
    model = Task
    fields = ("number", "task_link", "section", "status", "due_date")
    readonly_fields = ("number", "task_link", "section", "status", "due_date")
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section")

    @admin.display(description="任务名称")
    def task_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:checklist_task_change", args=[obj.pk]), obj.title)


class PlanSectionInline(admin.TabularInline):
    model = PlanSection
    extra = 0
    fields = ("position", "title")


class PlanUploadForm(forms.Form):
    file = forms.FileField(label="计划文件", help_text="支持 .txt、.docx、.pdf")
    region = RegionSpecField(label="地区", help_text="如“东河区”；首次使用可写“包头市/东河区”")
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "year", "doc_number", "task_total", "indicator_system")
    list_filter = ("year", "region")
    search_fields = ("title", "doc_number")
    inlines = [PlanSectionInline, TaskInline]
    change_list_template = "admin/checklist/plan/change_list.html"

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).select_related("region", "indicator_system").annotate(n=Count("tasks"))

    @admin.display(description="任务数", ordering="n")
    def task_total(self, obj):
        return obj.n

    def get_urls(self):
        extra = [path("upload/", self.admin_site.admin_view(self.upload_view), name="checklist_plan_upload")]
        return extra + super().get_urls()

    def upload_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:checklist_plan_changelist")
        form = bound_form(PlanUploadForm, request)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                with saved_upload(upload) as local:
                    parsed = parse_plan_text(read_document(local))
                with transaction.atomic():  # a new region is only kept with its plan
                    region = resolve_region(form.cleaned_data["region"])
                    result = import_plan(parsed, region, form.cleaned_data["year"], source_file=upload.name, user=request.user)
            except (DocumentError, PlanParseError, RegionError) as exc:
                form.add_error("region" if isinstance(exc, RegionError) else "file", str(exc))
            else:
                replies = notify_tasks_changed(Plan, plan_ids=[result.plan.pk])
                level = messages.WARNING if result.needs_attention else messages.SUCCESS  # unlinked 对应指标
                self.message_user(request, result.summary() + "".join(replies), level)
                return redirect("admin:checklist_plan_change", result.plan.pk)
        context = {**self.admin_site.each_context(request), "title": "导入计划文件", "form": form, "opts": self.model._meta}
        return TemplateResponse(request, "admin/checklist/plan/upload.html", context)
