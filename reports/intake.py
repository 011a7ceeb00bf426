"""Taking a report in: decode the upload, recognise a report already held, keep the original file."""
import hashlib
import re

from django.core.files.base import ContentFile
from django.db import transaction

from .models import AnnualReport, ReportStatus
from .parsing.normalize import normalize_for_matching
from .parsing.reader import ReportReadError, read_report  # noqa: F401  (ReportReadError is part of this API)
from .parsing.segment import split_report

MAX_REPORT_BYTES = 30 * 1024 * 1024


def content_hash(text: str) -> str:
    """The same report as .txt, .docx or .pdf gives the same fingerprint: whitespace and forms don't count."""
    key = re.sub(r"\s+", "", normalize_for_matching(text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def display_title(text: str) -> str:
    """The report's title in the form staff read and search: simplified, scraping artefacts removed
    (十堰市人民政府關(guān)於… → 十堰市人民政府关于…); the passages keep the original text."""
    return normalize_for_matching(split_report(text).title)[:300]


def register_report(region, year: int, data: bytes, filename: str, plans=None) -> tuple[AnnualReport, bool]:
    """Decode the file and create its report, or return the report already holding the same text.

    Raises ReportReadError (with a message for staff) before anything is written.
    """
    if len(data) > MAX_REPORT_BYTES:
        raise ReportReadError(f"文件“{filename}”超过 {MAX_REPORT_BYTES // 1024 // 1024} MB，请拆分或压缩后上传")
    decoded = read_report(data, filename)
    digest = content_hash(decoded.text)
    with transaction.atomic():
        same = AnnualReport.objects.select_for_update().filter(region=region, year=year, content_hash=digest)
        report = same.order_by("pk").first()  # at most one (uniq_report_content); no join for the default order
        created = report is None
        if created:
            report = AnnualReport(region=region, year=year, content_hash=digest, status=ReportStatus.PENDING)
            report.title = display_title(decoded.text)
            report.text = decoded.text
            report.text_format = decoded.format
            report.encoding = decoded.encoding
            report.original_name = filename[:300]
            report.source_file.save(_safe_name(filename), ContentFile(data), save=False)
            report.save()
        if plans is not None:
            report.plans.set(plans)
    return report, created


def _safe_name(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return name or "report.txt"


def load_text(report: AnnualReport) -> None:
    """Fill report.text from its stored file (a report added without going through register_report)."""
    if report.text:
        return
    if not report.source_file:
        raise ReportReadError("该报告没有原文件，请上传报告文件")
    with report.source_file.open("rb") as fh:
        data = fh.read()
    decoded = read_report(data, report.original_name or report.source_file.name)
    report.text = decoded.text
    report.text_format = decoded.format
    report.encoding = decoded.encoding
    report.content_hash = content_hash(decoded.text)
    if not report.title:
        report.title = display_title(decoded.text)
    report.save(update_fields=["text", "text_format", "encoding", "content_hash", "title"])
