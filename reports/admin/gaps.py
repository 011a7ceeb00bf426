"""Admin pages for gaps and the reminders sent. The rules set a gap's content; staff only add a note."""
from django.contrib import admin, messages
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from ..gaps import RULE_LABELS
from ..gaps.flagging import NoteRequired, acknowledge, flag_gaps
from ..models import Gap, Reminder


class RuleFilter(admin.SimpleListFilter):
    title = "规则"
    parameter_name = "rule"

    def lookups(self, request, model_admin):
        return list(RULE_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(rule=self.value()) if self.value() else queryset


def _link(viewname: str, pk: int, text: str) -> str:
    try:
        return format_html('<a href="{}">{}</a>', reverse(viewname, args=[pk]), text)
    except NoReverseMatch:  # that page is not registered
        return text


@admin.register(Gap)
class GapAdmin(admin.ModelAdmin):
    list_display = ("rule_label", "message", "target", "region", "state", "first_flagged_at", "resolved_at")
    list_display_links = ("message",)
    list_filter = ("state", RuleFilter, "region")
    search_fields = ("message",)
    list_select_related = ("region__parent", "task", "indicator", "unit", "fact__report")
    list_per_page = 100
    # the 差距报告 button, as on the region list: staff looking at gaps look for the report to hand on
    change_list_template = "reports/gap_report/region_change_list.html"
    actions = ["acknowledge_selected", "recheck_selected"]
    fields = (
        "rule_label", "region", "target", "message", "remedy", "state", "note",
        "acknowledged_by", "acknowledged_at", "first_flagged_at", "last_flagged_at", "resolved_at", "reopened_count",
    )  # fmt: skip
    readonly_fields = tuple(f for f in fields if f != "note")

    def has_add_permission(self, request):
        return False  # gaps come from the rules only

    def has_delete_permission(self, request, obj=None):
        return False  # a deleted gap would come back as new and lose its history

    @admin.display(description="规则", ordering="rule")
    def rule_label(self, obj):
        return RULE_LABELS.get(obj.rule, obj.rule)

    @admin.display(description="对象")
    def target(self, obj):
        if obj.task_id:
            return _link("admin:checklist_task_change", obj.task_id, str(obj.task))
        if obj.indicator_id:
            return _link("admin:checklist_indicator_change", obj.indicator_id, str(obj.indicator))
        if obj.unit_id:
            return _link("admin:checklist_orgunit_change", obj.unit_id, str(obj.unit))
        if obj.fact_id:
            return _link("admin:reports_annualreport_change", obj.fact.report_id, str(obj.fact.report))
        return "—"

    @admin.action(description="标记为已知悉（需填写处理说明）")
    def acknowledge_selected(self, request, queryset):
        gaps = list(queryset.select_related("region__parent"))
        error = ""
        if "apply" in request.POST:
            try:
                count = acknowledge(queryset, request.user, request.POST.get("note", ""))
            except NoteRequired as exc:
                error = str(exc)  # shown on the page again, with what was typed; nothing was written
            else:
                skipped = len(gaps) - count
                text = f"已将 {count} 项差距标记为已知悉。"
                if skipped:
                    text += f"另有 {skipped} 项已解决的差距未作改动。"
                self.message_user(request, text, messages.SUCCESS)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "标记为已知悉",
            "gaps": gaps,
            "note": request.POST.get("note", ""),
            "error": error,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "admin/reports/gap/acknowledge.html", context)

    @admin.action(description="重新检查差距（所选差距所在地区）")
    def recheck_selected(self, request, queryset):
        from checklist.models import Region

        regions = Region.objects.filter(pk__in=queryset.values("region_id")).select_related("parent")
        for region in regions:
            self.message_user(request, flag_gaps(region).summary(), messages.SUCCESS)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("task", "unit", "kind", "due_date", "recipient", "sent_at")
    list_filter = ("kind", "unit")
    search_fields = ("task__title", "unit__name", "recipient")
    list_select_related = ("task", "unit")
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a record of what was sent

    def has_delete_permission(self, request, obj=None):
        return False
