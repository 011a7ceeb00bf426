"""The read → match → flag gaps chain as Celery jobs: eager in tests, and once through a real worker."""
import time

import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError

from checklist.plan_import import resolve_region
from reports import pipeline
from reports.intake import register_report
from reports.models import AnnualReport, Evidence, Passage, ReportStatus
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
def test_staff_see_each_step_as_it_starts(monkeypatch):
    import_donghe()
    report = _register()
    seen = []
    real_mark = pipeline._mark

    def mark(report_id, **fields):
        seen.append((fields.get("status"), fields.get("stage"), fields.get("progress")))
        real_mark(report_id, **fields)

    monkeypatch.setattr(pipeline, "_mark", mark)
    process_report_chain(report.pk)
    # the text was read on upload: matching is the first step staff see
    assert seen == [(ReportStatus.PROCESSING, "比对任务与指标", 50), (None, "查找差距", 90), (ReportStatus.DONE, "", 100)]

    seen.clear()
    AnnualReport.objects.filter(pk=report.pk).update(text="")  # kept as a file only: read first
    pipeline.process_report(report.pk)
    assert [stage for _, stage, _ in seen] == ["读取原文", "比对任务与指标", "查找差距", ""]
    assert seen[0][0] == ReportStatus.PROCESSING


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


REDELIVERY_SECONDS = 2


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_job_cut_off_by_a_killed_worker_is_redone_by_the_next_one(tmp_path):
    """acks_late: the match job of a worker killed halfway goes back to the queue and another worker
    finishes the report, with the same rows as if nothing had happened."""
    import uuid

    from lawgov.celery import app
    from reports.parsing.segment import split_report
    from tests.conftest import CeleryWorker, _configure_app, _require_redis, _test_database_url

    redis_url = _require_redis()
    import_donghe()
    big = "\n".join([BAOTOU.read_text(encoding="utf-8")] * 40)  # a few seconds of matching
    report = _register("big.txt", big.encode("utf-8"))
    expected_passages = len(split_report(big).passages)

    queue = f"lawgov-test-crash-{uuid.uuid4().hex[:8]}"
    env = {"LAWGOV_JOB_REDELIVERY_SECONDS": str(REDELIVERY_SECONDS)}
    first = CeleryWorker(redis_url, _test_database_url(), queue, tmp_path / "first.log", extra_env=env)
    second = CeleryWorker(redis_url, _test_database_url(), queue, tmp_path / "second.log", extra_env=env)
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")}
    _configure_app(app, task_always_eager=False, broker_url=redis_url, task_default_queue=queue)
    try:
        first.start()
        first.wait_ready()
        process_report_chain(report.pk)
        _wait(lambda: _stage(report) == "比对任务与指标", first, "the match job did not start", 60)
        first.process.kill()  # no warm shutdown: the job is cut off and never acknowledged
        first.process.wait()
        assert _status(report) == ReportStatus.PROCESSING and not Passage.objects.filter(report=report).exists()

        second.start()
        second.wait_ready()
        _wait(lambda: _status(report) == ReportStatus.DONE, second, "the report was not finished by the second worker", 120)
    finally:
        for worker in (first, second):
            worker.stop()
        second.forget_queue()
        _configure_app(app, **saved)
    assert Passage.objects.filter(report=report).count() == expected_passages
    pairs = list(Evidence.objects.filter(report=report).values_list("passage_id", "task_id", "indicator_id"))
    assert pairs and len(pairs) == len(set(pairs))


def _stage(report):
    return AnnualReport.objects.values_list("stage", flat=True).get(pk=report.pk)


def _status(report):
    return AnnualReport.objects.values_list("status", flat=True).get(pk=report.pk)


def _wait(condition, worker, what, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        worker.check_alive()
        time.sleep(0.1)
    worker.fail(f"{what} within {seconds}s")
