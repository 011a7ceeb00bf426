"""Celery jobs that take a report through read → match → flag gaps. Thin callers of reports.pipeline.

- acks_late + reject_on_worker_lost: a job whose worker was killed goes back to the queue and is redone
  (every step is idempotent).
- Transient errors (database or broker connection) are retried with back-off; after the last retry the
  report is marked failed with the reason.
- A permanent error (unreadable file, a bug) marks the report failed at once and stops the chain.
"""
import logging

from celery import Task, chain, shared_task
from django.db import InterfaceError, OperationalError

from . import pipeline
from .models import AnnualReport, ReportStatus

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


class ReportStep(Task):
    abstract = True
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 5  # seconds, doubled at each retry
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 5

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        if args:
            pipeline.mark_failed(args[0], pipeline.failure_reason(exc))


def _run(step, report_id: int, first: bool = False) -> int | None:
    if not first and AnnualReport.objects.filter(pk=report_id, status=ReportStatus.FAILED).exists():
        return None  # an earlier step failed: its reason stays on the report
    try:
        step(report_id)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:  # noqa: BLE001  (recorded on the report for staff, and logged)
        log.exception("report %s failed in %s", report_id, step.__name__)
        pipeline.mark_failed(report_id, pipeline.failure_reason(exc))
        return None
    return report_id


@shared_task(name="reports.ingest_report", base=ReportStep)
def ingest_report(report_id: int):
    return _run(pipeline.read_step, report_id, first=True)


@shared_task(name="reports.match_report", base=ReportStep)
def match_report(report_id: int):
    return _run(pipeline.match_step, report_id)


@shared_task(name="reports.flag_report_gaps", base=ReportStep)
def flag_report_gaps(report_id: int):
    return _run(pipeline.gaps_step, report_id)


def process_report_chain(report_id: int):
    """Queue the three steps for a report (run at once, in-process, when no broker is configured)."""
    AnnualReport.objects.filter(pk=report_id).update(status=ReportStatus.PENDING, stage="排队等待", progress=0, error="")
    return chain(ingest_report.si(report_id), match_report.si(report_id), flag_report_gaps.si(report_id)).apply_async()
