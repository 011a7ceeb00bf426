"""Annual reports in the admin: upload, processing state and progress, the passages with their evidence."""
import logging
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from checklist.admin.uploads import RegionSpecField, bound_form
from checklist.models import Plan
from checklist.plan_import import RegionError, resolve_region

from ..highlight import highlight_html
from ..intake import register_report
from ..models import AnnualReport, Evidence, EvidenceState, Passage, ReportStatus
from ..parsing.reader import ReportReadError
from .evidence import review_order, score_text, state_html, target_html

log = logging.getLogger(__name__)

PASSAGE_LIMIT = 200  # passages listed on a report's page; reports have 30–150
BUSY = (ReportStatus.PENDING, ReportStatus.PROCESSING)
STATUS_COLOURS = {
    ReportStatus.PENDING: "#666",
    ReportStatus.PROCESSING: "#2962a4",
    ReportStatus.DONE: "#2e7d32",
    ReportStatus.FAILED: "#ba2121",
}


# --- taking reports in -----------------------------------------------------------------------------


def start_processing(report_id: int) -> None:
    """Queue read → match → flag gaps for a report (in-process when no broker is configured)."""
    from ..tasks import process_report_chain

    process_report_chain(report_id)


def launch(report_id: int) -> None:
    """start_processing, but a failure is recorded on the report for staff instead of breaking the page."""
    try:
        start_processing(report_id)
    except Exception as exc:  # noqa: BLE001  (the upload itself succeeded; the report says what went wrong)
        log.exception("processing report %s could not be started", report_id)
        AnnualReport.objects.filter(pk=report_id).exclude(status=ReportStatus.FAILED).update(
            status=ReportStatus.FAILED, error=f"未能开始处理：{exc}"[:2000]
        )


@dataclass
class UploadOutcome:
    filename: str
    report: AnnualReport | None = None
    created: bool = False
    error: str = ""
    restarted: bool = False  # processing (re)started for this upload


def upload_reports(region_spec: str, year: int, uploads, plans=None) -> list[UploadOutcome]:
    """Register each uploaded file as a report and start processing the new ones.

    Each file stands alone: one that cannot be read is reported and creates nothing, the others go
    ahead. A region typed for the first time is only kept if some report was created for it.
    Raises RegionError for a region that cannot be resolved.
    """
    plans = list(plans or []) or None  # None keeps the plans of a report already held
    with transaction.atomic():
        region = resolve_region(region_spec)
        outcomes = [_register(region, year, upload, plans) for upload in uploads]
        if not any(o.report for o in outcomes):
            transaction.set_rollback(True)
    # After the commit, so a worker finds the rows.
    for outcome in outcomes:
        if outcome.restarted:
            launch(outcome.report.pk)
    return outcomes


def _register(region, year, upload, plans) -> UploadOutcome:
    name = upload.name
    outcome = UploadOutcome(name)
    try:
        report, created = register_report(region, year, upload.read(), name, plans)
    except ReportReadError as exc:
        message = str(exc)
        outcome.error = message if name in message else f"文件“{name}”未能读取：{message}"
        return outcome
    outcome.report, outcome.created = report, created
    # A report held already is redone if it failed before, or to match it against the plans now chosen.
    outcome.restarted = created or report.status == ReportStatus.FAILED or (
        plans is not None and report.status == ReportStatus.DONE
    )
    return outcome


def outcome_message(outcome: UploadOutcome) -> tuple[int, str]:
    """The message for one file of an upload that took in at least one other."""
    if outcome.error:
        # beside messages of files that went in, say plainly that this one did not and what to do
        return messages.ERROR, outcome.error.rstrip("。") + "。此文件未上传，改正后可单独重新上传；同时选择的其他文件不受影响。"
    title = outcome.report.title or str(outcome.report)
    if outcome.created:
        return messages.SUCCESS, f"已上传“{outcome.filename}”：《{title}》，已开始处理。"
    text = f"“{outcome.filename}”：已有相同内容的报告《{title}》，未重复创建。"
    if outcome.restarted:
        text += "已重新开始处理。"
    return messages.WARNING, text


# --- the upload form -------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field. Emptiness and readability are judged per file by the upload itself."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


class PlanChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, plan):
        return f"{plan.year}年 {plan.region} {plan.title}"


def default_year() -> int:
    return timezone.localdate().year - 1  # reports sum up the year before they are published


class ReportUploadForm(forms.Form):
    files = MultipleFileField(label="报告文件", help_text="可一次选择多个文件；支持 .txt、.docx、.pdf（扫描件 PDF 无法识别文字）")
    region = RegionSpecField(label="地区", help_text="如“包头市”“东河区”；地区尚未建立时写明上级，如“包头市/东河区”")
    year = forms.IntegerField(label="报告年度", min_value=1990, max_value=2100, initial=default_year,
                              help_text="报告所总结的年度，如《2023年法治政府建设情况报告》填 2023")  # fmt: skip
    plans = PlanChoiceField(
        Plan.objects.select_related("region__parent").order_by("-year", "region__name", "title"),
        label="比对的工作计划",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="不选时，与本地区及上级地区的全部工作计划比对；按住 Ctrl 可多选",
    )


# --- the admin -------------------------------------------------------------------------------------


def _count_of(model, **filters):
    """Per report, in the list's own query (a subquery, so counts of two tables don't multiply)."""
    rows = model.objects.filter(report=OuterRef("pk"), **filters).order_by().values("report")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))


def status_payload(report: AnnualReport) -> dict:
    return {
        "status": report.status,
        "status_label": report.get_status_display(),
        "colour": STATUS_COLOURS.get(report.status, "inherit"),
        "stage": report.stage,
        "progress": report.progress,
        "error": report.error,
        "busy": report.status in BUSY,
    }


def status_html(report: AnnualReport):
    url = reverse("admin:reports_annualreport_status", args=[report.pk])
    error = format_html('<div class="report-error">{}</div>', _cut(report.error, 120)) if report.error else ""
    return format_html(
        '<strong class="report-status" data-report="{}" data-status-url="{}"{} style="color:{}" title="{}">{}</strong>{}',
        report.pk, url, mark_safe(" data-busy") if report.status in BUSY else "",
        STATUS_COLOURS.get(report.status, "inherit"), report.error, report.get_status_display(), error,
    )  # fmt: skip


def progress_html(report: AnnualReport):
    return format_html(
        '<span class="report-progress" data-report="{}"><progress value="{}" max="100"></progress> '
        '<span class="pct">{}%</span><br><span class="stage">{}</span></span>',
        report.pk, report.progress, report.progress, report.stage,
    )  # fmt: skip


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def passage_rows(report: AnnualReport, only_with_evidence: bool = False, limit: int = PASSAGE_LIMIT) -> list[dict]:
    """The report's passages in order, each with its evidence and the matched terms marked."""
    evidence = Evidence.objects.select_related("task", "indicator").defer(
        "task__text", "indicator__text", "indicator__description", "indicator__assessment_method"
    ).order_by(review_order(), "-score")
    passages = Passage.objects.filter(report=report)
    if only_with_evidence:
        passages = passages.filter(evidence__isnull=False).distinct()
    rows = []
    for passage in passages.order_by("index").prefetch_related(Prefetch("evidence", queryset=evidence))[:limit]:
        items = list(passage.evidence.all())
        # Terms of rejected matches are left unmarked: staff said they do not show anything.
        terms = {t for e in items if e.state != EvidenceState.REJECTED for t in e.matched_terms}
        rows.append({
            "passage": passage,
            "html": highlight_html(passage.text, terms),
            "evidence": [
                {"state": state_html(e), "target": target_html(e), "score": score_text(e),
                 "url": reverse("admin:reports_evidence_change", args=[e.pk])}
                for e in items
            ],
        })  # fmt: skip
    return rows


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = (
        "display_title", "region", "year", "text_format", "status_label", "progress_bar",
        "passage_total", "evidence_counts", "uploaded_at",
    )  # fmt: skip
    list_filter = ("status", "year", "region")
    search_fields = ("title", "original_name")
    actions = ["reprocess"]
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("title", "region", "year", "plans")}),
        ("处理情况", {"fields": ("status_label", "progress_bar", "error", "method_version", "processed_at")}),
        ("原文件", {"fields": ("source_link", "text_format", "encoding", "content_hash", "uploaded_at")}),
    )
    readonly_fields = (
        "region", "year", "status_label", "progress_bar", "error", "method_version", "processed_at",
        "source_link", "text_format", "encoding", "content_hash", "uploaded_at",
    )  # fmt: skip
    filter_horizontal = ("plans",)
    change_list_template = "admin/reports/annualreport/change_list.html"
    change_form_template = "admin/reports/annualreport/change_form.html"

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .select_related("region__parent")
            .defer("text")
            .annotate(
                n_passages=_count_of(Passage),
                n_suggested=_count_of(Evidence, state=EvidenceState.SUGGESTED),
                n_confirmed=_count_of(Evidence, state=EvidenceState.CONFIRMED),
                n_rejected=_count_of(Evidence, state=EvidenceState.REJECTED),
            )
        )

    # --- columns ---

    @admin.display(description="标题", ordering="title")
    def display_title(self, obj):
        # a report without a title line is named by its region and year, the file telling it apart
        if obj.title or not obj.original_name:
            return str(obj)
        return f"{obj}（{obj.original_name}）"

    @admin.display(description="处理状态", ordering="status")
    def status_label(self, obj):
        return status_html(obj)

    @admin.display(description="进度", ordering="progress")
    def progress_bar(self, obj):
        return progress_html(obj)

    @admin.display(description="段落数", ordering="n_passages")
    def passage_total(self, obj):
        return obj.n_passages

    @admin.display(description="佐证：建议 / 已确认 / 已驳回")
    def evidence_counts(self, obj):
        base = reverse("admin:reports_evidence_changelist") + f"?report__id__exact={obj.pk}&state__exact="
        return format_html(
            '<a href="{}{}">{}</a> / <a href="{}{}">{}</a> / <a href="{}{}">{}</a>',
            base, EvidenceState.SUGGESTED, obj.n_suggested,
            base, EvidenceState.CONFIRMED, obj.n_confirmed,
            base, EvidenceState.REJECTED, obj.n_rejected,
        )  # fmt: skip

    @admin.display(description="原文件")
    def source_link(self, obj):
        if not obj.source_file:
            return obj.original_name or "—"
        return format_html('<a href="{}">{}</a>', obj.source_file.url, obj.original_name or obj.source_file.name)

    # --- actions ---

    @admin.action(description="重新处理所选报告", permissions=["change"])
    def reprocess(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        for report_id in ids:
            launch(report_id)
        self.message_user(request, f"已重新开始处理 {len(ids)} 份报告。", messages.SUCCESS)

    # --- pages ---

    def get_urls(self):
        view = self.admin_site.admin_view
        extra = [
            path("upload/", view(self.upload_view), name="reports_annualreport_upload"),
            path("<path:object_id>/status/", view(self.status_view), name="reports_annualreport_status"),
            path("<path:object_id>/reprocess/", view(self.reprocess_view), name="reports_annualreport_reprocess"),
        ]
        return extra + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        # A report only makes sense with its file: adding goes through the upload page.
        return redirect("admin:reports_annualreport_upload")

    def upload_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:reports_annualreport_changelist")
        form = bound_form(ReportUploadForm, request)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                outcomes = upload_reports(data["region"], data["year"], data["files"], data["plans"])
            except RegionError as exc:
                form.add_error("region", str(exc))
            else:
                if any(o.report for o in outcomes):
                    for outcome in outcomes:
                        level, text = outcome_message(outcome)
                        self.message_user(request, text, level)
                    return redirect("admin:reports_annualreport_changelist")
                for outcome in outcomes:  # nothing was taken in: stay on the form with the reasons
                    form.add_error("files", outcome.error)
        context = {
            **self.admin_site.each_context(request),
            "title": "上传年度报告",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reports/annualreport/upload.html", context)

    def status_view(self, request, object_id):
        report = get_object_or_404(AnnualReport.objects.defer("text"), pk=object_id)
        if not self.has_view_permission(request, report):
            return JsonResponse({"error": "forbidden"}, status=403)
        return JsonResponse(status_payload(report))

    def reprocess_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        report = get_object_or_404(AnnualReport.objects.defer("text"), pk=object_id)
        if self.has_change_permission(request, report):
            launch(report.pk)
            self.message_user(request, f"已重新开始处理《{report}》。", messages.SUCCESS)
        return redirect("admin:reports_annualreport_change", report.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        report = self.get_object(request, object_id)
        if report is not None:
            only = request.GET.get("passages") == "evidence"
            extra_context.update(
                passage_rows=passage_rows(report, only_with_evidence=only),
                passage_total=report.n_passages,
                passage_limit=PASSAGE_LIMIT,
                only_with_evidence=only,
                report_busy=report.status in BUSY,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "plans" in form.changed_data:
            # Matching depends on the plans: redo it once the new choice is committed.
            report_id = form.instance.pk
            transaction.on_commit(lambda: launch(report_id))
            self.message_user(request, "比对的工作计划已修改，报告将重新比对。", messages.INFO)
