from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from ..indicator_import import import_system
from ..models import Indicator, IndicatorSystem
from ..models.indicators import level_label
from ..parsing.indicators import IndicatorParseError, load_indicator_file
from .uploads import bound_form, saved_upload


class IndicatorUploadForm(forms.Form):
    file = forms.FileField(label="指标体系文件", help_text="支持 .xlsx、.csv、.docx、.pdf、.txt、.json；请使用官方发布的原文")
    name = forms.CharField(label="名称", required=False, max_length=IndicatorSystem._meta.get_field("name").max_length,
                           help_text="留空则取文件中的标题")
    version = forms.CharField(label="版本", required=False, max_length=IndicatorSystem._meta.get_field("version").max_length,
                              help_text="如 2021；留空则从标题中识别")


def identity_errors(parsed) -> dict[str, str]:
    """A system is kept by its name and version: one the file does not give must be typed, or the import
    would file the indicators under a blank (or a whole paragraph taken for a title)."""
    errors = {}
    for field, what, example in (("name", "名称", "市县法治政府建设示范指标体系"), ("version", "版本", "2021")):
        value, limit = getattr(parsed, field), IndicatorSystem._meta.get_field(field).max_length
        if not value.strip():
            errors[field] = f"未能从文件中识别指标体系的{what}，请在此填写，如“{example}”"
        elif len(value) > limit:
            errors[field] = f"从文件中识别的{what}过长（超过 {limit} 字），请在此填写正确的{what}，如“{example}”"
    return errors


@admin.register(IndicatorSystem)
class IndicatorSystemAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "issuer", "completeness", "imported_at")
    readonly_fields = ("completeness", "imported_at")
    search_fields = ("name", "version")
    change_list_template = "admin/checklist/indicatorsystem/change_list.html"

    @admin.display(description="完整度（已载入/应有）")
    def completeness(self, obj):
        return obj.completeness_text() or "—"

    def get_urls(self):
        extra = [path("upload/", self.admin_site.admin_view(self.upload_view), name="checklist_indicatorsystem_upload")]
        return extra + super().get_urls()

    def upload_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:checklist_indicatorsystem_changelist")
        form = bound_form(IndicatorUploadForm, request)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                with saved_upload(upload) as local:
                    parsed = load_indicator_file(
                        local, name=form.cleaned_data["name"] or None, version=form.cleaned_data["version"] or None
                    )
            except IndicatorParseError as exc:
                form.add_error("file", str(exc))
            else:
                for field, message in identity_errors(parsed).items():
                    form.add_error(field, message)
            if not form.errors:
                result = import_system(parsed)
                self.message_user(request, result.summary(), messages.SUCCESS)
                return redirect("admin:checklist_indicatorsystem_changelist")
        context = {**self.admin_site.each_context(request), "title": "导入指标体系", "form": form, "opts": self.model._meta}
        return TemplateResponse(request, "admin/checklist/indicatorsystem/upload.html", context)


class LevelFilter(admin.SimpleListFilter):
    title = "层级"
    parameter_name = "level"

    def lookups(self, request, model_admin):
        levels = Indicator.objects.order_by("level").values_list("level", flat=True).distinct()
        return [(str(level), level_label(level)) for level in levels]

    def queryset(self, request, queryset):
        return queryset.filter(level=self.value()) if self.value() else queryset


class TaskCountFilter(admin.SimpleListFilter):
    title = "是否有任务对应"
    parameter_name = "served"

    def lookups(self, request, model_admin):
        return (("yes", "有任务对应"), ("no", "尚无任务对应"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(task_count__gt=0)
        if self.value() == "no":
            return queryset.filter(task_count=0)
        return queryset


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "tree_label", "score", "task_count")
    list_filter = ("system", LevelFilter, TaskCountFilter)
    search_fields = ("code", "name", "text")
    list_select_related = ("system",)
    list_per_page = 200
    readonly_fields = ("task_count",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(task_count=Count("tasks", distinct=True))

    @admin.display(description="指标（按层级缩进）", ordering="position")
    def tree_label(self, obj):
        label = obj.name or obj.text
        return format_html(
            '<div style="padding-left:{}em">{}{} {}</div>',
            (obj.level - 1) * 2,
            obj.number,
            "、" if obj.level == 1 else ".",
            label[:80],
        )

    @admin.display(description="对应任务数", ordering="task_count")
    def task_count(self, obj):
        return obj.task_count
