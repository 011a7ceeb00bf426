from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html

from ..models import Indicator, IndicatorSystem


@admin.register(IndicatorSystem)
class IndicatorSystemAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "issuer", "completeness", "imported_at")
    readonly_fields = ("completeness", "imported_at")
    search_fields = ("name", "version")

    @admin.display(description="完整度（已载入/应有）")
    def completeness(self, obj):
        return obj.completeness_text() or "—"


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
    list_filter = ("system", "level", TaskCountFilter)
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
            '<span style="padding-left:{}em">{}{} {}</span>',
            (obj.level - 1) * 2,
            obj.number,
            "、" if obj.level == 1 else ".",
            label[:80],
        )

    @admin.display(description="对应任务数", ordering="task_count")
    def task_count(self, obj):
        return obj.task_count
