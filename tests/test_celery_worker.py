"""A real Celery worker, reached through Redis, runs jobs against the test database."""
import time

import pytest

from checklist.models import Region
from checklist.tasks import ping

POLL_SECONDS = 30


def _wait_for(condition, worker, what):
    deadline = time.monotonic() + POLL_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        worker.check_alive()
        time.sleep(0.2)
    worker.fail(f"{what} within {POLL_SECONDS}s")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_runs_job_on_test_database(celery_worker_process):
    Region.objects.create(name="written-by-test")  # committed: the worker must see it too

    ping.delay("celery-ping")

    _wait_for(
        lambda: Region.objects.filter(name="celery-ping").exists(),
        celery_worker_process,
        "the worker did not create the Region row",
    )
    assert Region.objects.filter(name="written-by-test").exists()


@pytest.mark.django_db
def test_jobs_run_in_process_without_worker_fixture():
    ping.delay("eager-ping")  # no worker here: the job runs at once, in this process

    assert Region.objects.filter(name="eager-ping").exists()
