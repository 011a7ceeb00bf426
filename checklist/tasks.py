"""Celery jobs of the checklist app."""
from celery import shared_task


@shared_task(name="checklist.ping")
def ping(name):
    """Health check used by the tests: proves a worker runs jobs against the same database."""
    from checklist.models import Region

    Region.objects.get_or_create(name=name, parent=None)


@shared_task(name="checklist.import_ledger", acks_late=True)
def import_ledger(job_id):
    """Background ledger import; the logic lives in checklist.ledger_jobs."""
    from checklist.ledger_jobs import run_import_job

    run_import_job(job_id)
