"""Celery jobs of the reports app: thin callers of the modules that hold the logic."""
import datetime

from celery import shared_task

# --- gaps and deadline reminders (reports.gaps.flagging, reports.reminders) ---------------------
# Both are idempotent, so a job redone after a worker crash (acks_late) changes nothing twice.


def _day(today: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(today) if today else None


@shared_task(name="reports.flag_gaps_for_region", acks_late=True)
def flag_gaps_for_region(region_id: int, today: str | None = None) -> dict:
    """Flag the gaps of one region; `today` (YYYY-MM-DD) is for checking as of another day."""
    from checklist.models import Region
    from reports.gaps.flagging import flag_gaps

    return flag_gaps(Region.objects.get(pk=region_id), _day(today)).as_dict()


@shared_task(name="reports.nightly", acks_late=True)
def nightly(today: str | None = None) -> dict:
    """The nightly beat job (settings.CELERY_BEAT_SCHEDULE): flag gaps for every region, then send reminders."""
    from reports.gaps.flagging import flag_all_regions
    from reports.reminders import send_deadline_reminders

    day = _day(today)
    regions = [r.as_dict() for r in flag_all_regions(day)]
    return {"regions": regions, "reminders": send_deadline_reminders(day).as_dict()}


# --- reports: read → match → flag gaps (reports.report_jobs) -----------------------------------
# Defined in their own module; imported here so that workers (which load <app>.tasks) know them.
from reports.report_jobs import (  # noqa: E402,F401
    flag_report_gaps,
    ingest_report,
    match_report,
    process_report_chain,
)
