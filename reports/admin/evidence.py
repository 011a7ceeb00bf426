"""Evidence in the admin: the review list with highlighted passages, bulk confirm/reject, manual evidence."""
from django import forms
from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .. import review
from ..gaps.recheck import changes_text
from ..highlight import highlight_html
from ..models import AnnualReport, Evidence, EvidenceKind, EvidenceState

EXCERPT_CONTEXT = 60  # characters kept either side of a mark in lists

STATE_COLOURS = {
    EvidenceState.SUGGESTED: "#b26a00",
    EvidenceState.CONFIRMED: "#2e7d32",
    EvidenceState.REJECTED: "#8a8a8a",
}
METHOD_LABELS = {review.MANUAL_METHOD: "人工添加"}


# --- display helpers shared with the inlines and the report page -----------------------------------


def review_order():
    """Suggestions (still to review) first, then confirmed, rejected last."""
    return Case(
        When(state=EvidenceState.SUGGESTED, then=Value(0)),
        When(state=EvidenceState.CONFIRMED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def state_html(evidence):
    colour = STATE_COLOURS.get(evidence.state, "inherit")
    return format_html('<strong style="color:{}">{}</strong>', colour, evidence.get_state_display())


def target_html(evidence):
    if evidence.task_id:
        url = reverse("admin:checklist_task_change", args=[evidence.task_id])
        return format_html('<a href="{}">{}. {}</a>', url, evidence.task.number, evidence.task.title)
    if evidence.indicator_id:
        url = reverse("admin:checklist_indicator_change", args=[evidence.indicator_id])
        ind = evidence.indicator
        return format_html('<a href="{}">{} {}</a>', url, ind.code, (ind.name or ind.text)[:60])
    return "—"


def source_html(evidence):
    """Report and year for passage evidence; the year alone for a file or a note."""
    year = evidence.year or (evidence.report.year if evidence.report_id else None)
    year = f"{year}年" if year else ""
    if evidence.report_id:
        url = reverse("admin:reports_annualreport_change", args=[evidence.report_id])
        return format_html('<a href="{}">{}</a><br>{}', url, str(evidence.report), year)
    return year or "—"


def content_html(evidence, around=EXCERPT_CONTEXT):
    """The passage with its matched terms marked, or the file and note of manual evidence."""
    if evidence.kind == EvidenceKind.PASSAGE and evidence.passage_id:
        return highlight_html(evidence.passage.text, evidence.matched_terms, around=around)
    parts = []
    if evidence.file:
        parts.append(format_html('<a href="{}">{}</a>', evidence.file.url, evidence.file.name.rsplit("/", 1)[-1]))
    if evidence.note:
        parts.append(format_html("{}", evidence.note if around is None else _cut(evidence.note, 4 * around)))
    return format_html_join("<br>", "{}", ((p,) for p in parts)) if parts else "—"


def score_text(evidence):
    """The score, and under it why the matcher attached the passage (its rule, in words)."""
    if evidence.score is None:
        return "—"
    if not evidence.basis:
        return f"{evidence.score:.2f}"
    return format_html('{}<br><span class="help">{}</span>', f"{evidence.score:.2f}", evidence.get_basis_display())


def _cut(text, limit):
    return text if len(text) <= limit else text[:limit] + "…"


def with_display_relations(queryset):
    """What the helpers above read, in the same query; the report's full text is left in the database."""
    return queryset.select_related("task", "indicator", "passage", "report__region__parent", "reviewed_by").defer(
        "report__text", "task__text", "indicator__description", "indicator__assessment_method"
    )


# --- the admin -------------------------------------------------------------------------------------


class EvidenceForm(forms.ModelForm):
    """Manual evidence must follow review.check_manual; passage evidence only changes state and note here."""

    class Meta:
        model = Evidence
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:  # the add form: passages only come from reports
            self.fields["kind"].choices = [(k.value, k.label) for k in (EvidenceKind.FILE, EvidenceKind.NOTE)]
            self.fields["kind"].initial = EvidenceKind.NOTE

    def clean(self):
        data = super().clean()
        evidence = self.instance
        kind = data.get("kind", evidence.kind)
        if evidence.pk and kind == EvidenceKind.PASSAGE:
            return data

        def value(name):
            return data.get(name) if name in self.fields else getattr(evidence, name)

        try:
            review.check_manual(value("task"), value("indicator"), kind, value("file"), value("note"))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data

    def _get_validation_exclusions(self):
        # check_manual has already said what is missing about the target, in words staff understand;
        # the database constraint behind it would only repeat it under its technical name.
        return super()._get_validation_exclusions() | {"task", "indicator"}


class ReportFilter(admin.SimpleListFilter):
    """Reports that have evidence, listed without loading their full text."""

    title = "来源报告"
    parameter_name = "report__id__exact"

    def lookups(self, request, model_admin):
        reports = AnnualReport.objects.filter(evidence__isnull=False).distinct().select_related("region__parent")
        return [(str(r.pk), str(r)) for r in reports.only("pk", "title", "year", "region")]

    def queryset(self, request, queryset):
        return queryset.filter(report_id=self.value()) if self.value() else queryset


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    form = EvidenceForm
    list_display = (
        "target", "kind", "source", "content", "score_display", "state_label", "reviewed_by", "reviewed_at"
    )  # fmt: skip
    list_display_links = ("kind",)
    list_filter = (
        "state",
        "kind",
        "year",
        ReportFilter,
        ("task__plan", admin.RelatedOnlyFieldListFilter),
        "method_version",
    )
    search_fields = ("passage__text", "note", "task__title", "indicator__code", "indicator__name")
    autocomplete_fields = ("task", "indicator")
    radio_fields = {"kind": admin.HORIZONTAL}
    actions = ["confirm_selected", "reject_selected"]
    list_per_page = 50

    def get_queryset(self, request):
        return with_display_relations(super().get_queryset(request))

    # --- list columns ---

    @admin.display(description="对应任务或指标")
    def target(self, obj):
        return target_html(obj)

    @admin.display(description="来源报告 / 年度", ordering="year")
    def source(self, obj):
        return source_html(obj)

    @admin.display(description="佐证内容（命中词语已标出）")
    def content(self, obj):
        return content_html(obj)

    @admin.display(description="得分", ordering="score")
    def score_display(self, obj):
        return score_text(obj)

    @admin.display(description="状态", ordering=review_order())
    def state_label(self, obj):
        return state_html(obj)

    # --- actions ---

    @admin.action(description="确认所选佐证", permissions=["change"])
    def confirm_selected(self, request, queryset):
        count = review.confirm(queryset, request.user)
        self._report(request, count, "确认", "已确认")

    @admin.action(description="驳回所选佐证", permissions=["change"])
    def reject_selected(self, request, queryset):
        count = review.reject(queryset, request.user)
        self._report(request, count, "驳回", "已驳回")

    def _report(self, request, count, verb, state):
        text = f"已{verb} {count.changed} 条佐证。"
        if count.unchanged:
            text += f"另有 {count.unchanged} 条原已是“{state}”，未改动。"
        self.message_user(request, text + changes_text(count.gap_results), messages.SUCCESS)

    # --- the form ---

    def get_changeform_initial_data(self, request):
        """The task or indicator a page links from (?task=12); a link that names none is ignored, not an error."""
        initial = super().get_changeform_initial_data(request)
        for name in ("task", "indicator"):
            if name in initial and not str(initial[name]).isdigit():
                del initial[name]
        return initial

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return ((None, {
                "fields": ("task", "indicator", "kind", "file", "note", "year"),
                "description": "手工添加的佐证（上传文件或情况说明）保存后即为“已确认”。报告中的段落佐证由上传年度报告后自动比对产生。",
            }),)  # fmt: skip
        review_box = ("审核", {"fields": ("state", "note", "reviewed_by", "reviewed_at")})
        if obj.kind == EvidenceKind.PASSAGE:
            return (
                (None, {"fields": ("target", "kind", "source")}),
                ("报告原文", {"fields": ("passage_full", "passage_heading", "offsets")}),
                ("比对依据", {"fields": ("method_label", "method_version", "score_display", "basis", "terms")}),
                review_box,
            )
        return (
            (None, {"fields": ("target", "kind", "file", "year")}),
            ("审核", {"fields": ("state", "note", "method_label", "reviewed_by", "reviewed_at")}),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        shown = [f for _, box in self.get_fieldsets(request, obj) for f in box["fields"]]
        editable = {"state", "note"} | ({"file", "year"} if obj.kind != EvidenceKind.PASSAGE else set())
        return [f for f in shown if f not in editable]

    @admin.display(description="报告段落")
    def passage_full(self, obj):
        if not obj.passage_id:
            return "—"
        return format_html('<div class="evidence-passage">{}</div>', highlight_html(obj.passage.text, obj.matched_terms))

    @admin.display(description="所属标题")
    def passage_heading(self, obj):
        return obj.passage.heading if obj.passage_id and obj.passage.heading else "—"

    @admin.display(description="在报告原文中的位置")
    def offsets(self, obj):
        span = f"原文第 {obj.start}–{obj.end} 字" if obj.start is not None else ""
        if not obj.passage_id:
            return span or "—"
        url = reverse("admin:reports_annualreport_change", args=[obj.report_id]) + f"#passage-{obj.passage.index}"
        return format_html('<a href="{}">第 {} 段</a>{}', url, obj.passage.index + 1, f"，{span}" if span else "")

    @admin.display(description="比对方法")
    def method_label(self, obj):
        return METHOD_LABELS.get(obj.method, obj.method) or "—"

    @admin.display(description="命中词语")
    def terms(self, obj):
        return "、".join(obj.matched_terms) if obj.matched_terms else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            self._gap_message(request, review.save_manual(obj, request.user))
            return
        self._gap_message(request, review.save_decision(obj, request.user, form.changed_data))

    def delete_model(self, request, obj):
        self._deleted(request, Evidence.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        self._deleted(request, queryset)

    def _deleted(self, request, queryset):
        self._gap_message(request, review.delete_evidence(queryset)[1])

    def _gap_message(self, request, gap_results):
        if text := changes_text(gap_results):
            self.message_user(request, text, messages.INFO)
