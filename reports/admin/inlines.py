"""The "佐证" list on the task and indicator pages (attached in reports.apps, see there why).

Read-only: reviewing happens in the evidence list, where bulk actions are; the inline links there.
"""
from django.contrib import admin

from ..models import Evidence
from .evidence import content_html, review_order, score_text, source_html, state_html, with_display_relations


class _EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = readonly_fields = ("state_label", "kind", "source", "content", "score_display")
    extra = 0
    can_delete = False
    verbose_name = "佐证"
    verbose_name_plural = "佐证"
    template = "admin/reports/evidence/inline_tabular.html"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Left out when the task or indicator form is saved: there is nothing to save here, and rows
        # added or removed by a report run meanwhile would otherwise fail the formset check.
        return request.method != "POST" and super().has_view_permission(request, obj)

    def get_queryset(self, request):
        return with_display_relations(super().get_queryset(request)).order_by(
            review_order(), "-score", "-created_at"
        )

    @admin.display(description="状态")
    def state_label(self, obj):
        return state_html(obj)

    @admin.display(description="来源报告 / 年度")
    def source(self, obj):
        return source_html(obj)

    @admin.display(description="佐证内容（命中词语已标出）")
    def content(self, obj):
        return content_html(obj)

    @admin.display(description="得分")
    def score_display(self, obj):
        return score_text(obj)


class TaskEvidenceInline(_EvidenceInline):
    fk_name = "task"


class IndicatorEvidenceInline(_EvidenceInline):
    fk_name = "indicator"
