"""The read → match → flag gaps chain as Celery jobs: eager in tests, and once through a real worker."""
import time

import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError

from checklist.plan_import import resolve_region
from reports import pipeline
from reports.intake import register_report
from reports.models import Evidence, Passage, ReportStatus
from reports.report_jobs import ingest_report, match_report, process_report_chain
from tests.helpers import ROOT, import_donghe

BAOTOU = ROOT / "fixtures" / "documents" / "report-baotou.txt"


def _register(name="report-baotou.txt", data=None):
    region = resolve_region("包头市/东河区")
    report, _ = register_report(region, 2021, data if data is not None else BAOTOU.read_bytes(), name)
    return report


@pytest.mark.django_db
def test_chain_processes_a_report_in_process():
    import_donghe()
    report = _register()
    assert report.status == ReportStatus.PENDING

    process_report_chain(report.pk)

    report.refresh_from_db()
    assert (report.status, report.progress, report.error) == (ReportStatus.DONE, 100, "")
    assert report.processed_at is not None and report.method_version
    assert Passage.objects.filter(report=report).count() > 20
    assert Evidence.objects.filter(report=report).exists()


@pytest.mark.django_db
def test_a_broken_file_marks_the_report_failed_with_the_reason():
    report = _register()
    report.text, report.original_name = "", "scan.pdf"
    report.source_file.save("scan.pdf", ContentFile(b"%PDF-1.4\n%%EOF"))

    process_report_chain(report.pk)  # no exception reaches the caller (the admin upload, say)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "PDF" in report.error
    assert not Passage.objects.filter(report=report).exists()


@pytest.mark.django_db
def test_transient_database_errors_are_retried(monkeypatch):
    import_donghe()
    report = _register()
    calls = []
    real = pipeline.match_step

    def flaky(report_id):
        calls.append(report_id)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(report_id)

    monkeypatch.setattr(pipeline, "match_step", flaky)
    ingest_report.apply(args=[report.pk])
    # Without propagating errors (as a worker runs it) the retry is run, and the second attempt succeeds.
    result = match_report.apply(args=[report.pk], throw=False)

    assert result.successful() and len(calls) == 2
    assert Passage.objects.filter(report=report).exists()


def test_jobs_are_redone_when_a_worker_dies():
    for job in (ingest_report, match_report):
        assert job.acks_late and job.reject_on_worker_lost
        assert OperationalError in job.autoretry_for and job.max_retries >= 3


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_processes_an_uploaded_report(celery_worker_process):
    import_donghe()
    report = _register()

    process_report_chain(report.pk)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (ReportStatus.DONE, ReportStatus.FAILED):
            break
        celery_worker_process.check_alive()
        time.sleep(0.3)
    else:
        celery_worker_process.fail(f"the report is still {report.get_status_display()} after 60 s")
    assert report.status == ReportStatus.DONE, report.error
    assert Passage.objects.filter(report=report).count() > 20
    assert Evidence.objects.filter(report=report, task__plan__region__name="东河区").exists()
