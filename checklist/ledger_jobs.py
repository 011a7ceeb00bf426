"""Running a ledger import as a background job, recording its progress for the page that watches it."""
from django.utils import timezone

from .ledger import LedgerError, open_ledger
from .ledger_import import apply_ledger, check_ledger
from .models import ImportJob
from .signals import notify_tasks_changed

# Files with more rows than this are imported by a background job with a progress page.
BACKGROUND_ROWS = 1000


def run_import_job(job_id: int) -> ImportJob:
    """Check then apply the job's file. Running it again after it finished changes nothing."""
    job = ImportJob.objects.select_related("plan__region", "user").get(pk=job_id)
    if job.finished:
        return job
    _update(job, state=ImportJob.State.RUNNING, done=0)

    def progress(done: int, total: int) -> None:
        _update(job, done=done, total=total)

    try:
        with job.file.open("rb") as fh, open_ledger(fh, job.file_name) as ledger:
            check = check_ledger(ledger, job.plan, create_units=job.create_units, progress=progress)
        if check.errors:
            _finish(job, ImportJob.State.REFUSED, check.to_dict(), "有错误行，未写入任何数据")
        else:
            apply_ledger(check, user=job.user)
            replies = notify_tasks_changed(ImportJob, plan_ids=[job.plan_id])  # the gaps of the plan's region
            _finish(job, ImportJob.State.DONE, check.to_dict(), check.summary() + "".join(replies))
    except LedgerError as exc:
        _finish(job, ImportJob.State.REFUSED, {}, str(exc))
    except Exception as exc:  # the page must say it failed rather than spin for ever
        _finish(job, ImportJob.State.FAILED, {}, f"导入失败：{exc.__class__.__name__}，请联系管理员")
        raise
    return job


def _update(job: ImportJob, **fields) -> None:
    for key, value in fields.items():
        setattr(job, key, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _finish(job: ImportJob, state, result: dict, message: str) -> None:
    _update(job, state=state, result=result, message=message, finished_at=timezone.now(), done=job.total or job.done)
