from django.contrib import admin, messages
from django.shortcuts import render

from ..models import OrgUnit, Region, UnitAlias
from ..units import merge_units


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "parent")
    search_fields = ("name",)


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1
    fields = ("name",)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "is_collective", "alias_list")
    list_filter = ("region", "is_collective")
    search_fields = ("name", "aliases__name")
    inlines = [UnitAliasInline]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region").prefetch_related("aliases")

    @admin.display(description="别名")
    def alias_list(self, obj):
        return "、".join(a.name for a in obj.aliases.all()) or "—"

    @admin.action(description="合并所选单位（重复单位并入其中一个）")
    def merge_selected(self, request, queryset):
        units = list(queryset.select_related("region"))
        if len(units) < 2:
            self.message_user(request, "请至少选择两个单位进行合并。", messages.WARNING)
            return None
        if len({u.region_id for u in units}) > 1:
            self.message_user(request, "只能合并同一地区的单位。", messages.ERROR)
            return None
        target_id = request.POST.get("merge_target")
        if target_id:
            target = next((u for u in units if str(u.pk) == target_id), None)
            if target is None:
                self.message_user(request, "请选择保留的单位。", messages.ERROR)
                return None
            count = merge_units(target, [u for u in units if u.pk != target.pk])
            self.message_user(request, f"已将 {count} 个单位并入“{target.name}”，其名称已记为别名。")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "合并单位",
            "units": units,
            "queryset": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "admin/checklist/orgunit/merge.html", context)
