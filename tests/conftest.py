"""Shared pytest fixtures.

Celery jobs
-----------
By default the test process runs Celery jobs in-process (eagerly), even when REDIS_URL is set,
so every test behaves the same with and without Redis.

A test that needs a real worker requests ``celery_worker_process`` and carries both marks::

    @pytest.mark.celery_worker
    @pytest.mark.django_db(transaction=True)
    def test_job(celery_worker_process):
        some_task.delay(...)          # goes through Redis to a real `celery worker` process
        ...poll the database...

The worker is a subprocess started once per test session. It must see the test database and
the data the test wrote, so:

* PostgreSQL: the worker gets DATABASE_URL pointing at the test database (``test_<name>``);
* SQLite: the test database is a file in a temporary directory instead of in-memory, and the
  worker gets ``DATABASE_URL=sqlite:////that/file``;
* the test must be transactional (``transaction=True``) so its rows are committed and visible
  to the worker; the fixture also requests ``transactional_db`` to be sure.

Jobs are sent to a queue of their own (one per test session), so test runs sharing one Redis do
not take each other's jobs. The fixture fails (never skips) when REDIS_URL is unset or Redis
does not answer: ``bash scripts/test.sh`` starts Redis and sets REDIS_URL.
"""
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKER_READY_TIMEOUT = 60  # seconds for the worker to start and answer a ping
WORKER_STOP_TIMEOUT = 15  # seconds for a warm shutdown before it is killed


# --- the test database -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """Put the SQLite test database in a file so a worker subprocess can open it."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        test = db.setdefault("TEST", {})
        if not test.get("NAME") or test["NAME"] == ":memory:" or "mode=memory" in str(test["NAME"]):
            test["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test_lawgov.sqlite3")


def _test_database_url():
    """DATABASE_URL of the test database, for processes outside this one. Call after DB setup."""
    from django.db import connection

    db = connection.settings_dict
    name = str(db["NAME"])
    if db["ENGINE"] == "django.db.backends.sqlite3":
        if name == ":memory:" or "mode=memory" in name:
            pytest.fail("the SQLite test database is in memory; a Celery worker cannot open it")
        return "sqlite:///" + str(Path(name).resolve())
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        pytest.fail(f"cannot tell a Celery worker how to reach the test database ({db['ENGINE']}): DATABASE_URL is unset")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + quote(name)))


# --- Celery ------------------------------------------------------------------------------------


def pytest_collection_modifyitems(items):
    """A test using the worker fixture is a celery_worker test even without the mark (for -m)."""
    for item in items:
        if "celery_worker_process" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("celery_worker"):
            item.add_marker(pytest.mark.celery_worker)


def _configure_app(app, **conf):
    """Change the Celery app's configuration and forget connections made with the old broker."""
    old_broker = app.conf.broker_url
    for key, value in conf.items():
        app.conf[key] = value
    if app.conf.broker_url != old_broker:
        pool = getattr(app, "_pool", None)
        if pool is not None:
            pool.force_close_all()
            app._pool = None
        amqp = app.__dict__.get("amqp")
        if amqp is not None:
            amqp._producer_pool = None


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Uploaded files go to a temporary folder, shared with the Celery worker through the environment."""
    from django.conf import settings

    media = tmp_path_factory.mktemp("media")
    saved_env, saved_setting = os.environ.get("LAWGOV_MEDIA_ROOT"), settings.MEDIA_ROOT
    os.environ["LAWGOV_MEDIA_ROOT"] = str(media)
    settings.MEDIA_ROOT = media
    yield media
    settings.MEDIA_ROOT = saved_setting
    if saved_env is None:
        os.environ.pop("LAWGOV_MEDIA_ROOT", None)
    else:
        os.environ["LAWGOV_MEDIA_ROOT"] = saved_env


@pytest.fixture(scope="session", autouse=True)
def _celery_jobs_run_in_process():
    """Run jobs eagerly in the test process unless a test asks for a real worker."""
    from lawgov.celery import app

    saved = {"task_always_eager": app.conf.task_always_eager, "task_eager_propagates": app.conf.task_eager_propagates}
    _configure_app(app, task_always_eager=True, task_eager_propagates=True)
    yield
    _configure_app(app, **saved)


def _require_redis():
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        pytest.fail(
            "REDIS_URL is not set: tests marked celery_worker need Redis and a real Celery worker. "
            "Run them with `bash scripts/test.sh`, or start Redis and set REDIS_URL=redis://127.0.0.1:6379/15.",
            pytrace=False,
        )
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3, socket_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means the broker is unusable
        pytest.fail(f"Redis at REDIS_URL={redis_url} does not answer ({type(exc).__name__}: {exc}); start it with scripts/services.sh", pytrace=False)
    return redis_url


class CeleryWorker:
    """A `celery worker` subprocess consuming one queue."""

    def __init__(self, redis_url, database_url, queue, log_path, extra_env=None):
        self.extra_env = dict(extra_env or {})
        self.redis_url = redis_url
        self.database_url = database_url
        self.queue = queue
        self.nodename = f"{queue}@{socket.gethostname()}"
        self.log_path = log_path
        self.process = None

    def start(self):
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="lawgov.settings",
            REDIS_URL=self.redis_url,
            DATABASE_URL=self.database_url,
            PYTHONUNBUFFERED="1",
            **self.extra_env,
        )
        cmd = [
            sys.executable, "-m", "celery", "-A", "lawgov", "worker",
            "--pool=solo", "-l", "warning",
            "-n", self.nodename, "-Q", self.queue,
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            # Jobs the worker itself queues go to the same private queue.
            "--", f"task.default_queue={self.queue}",
        ]  # fmt: skip
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def log_tail(self, lines=40):
        try:
            text = Path(self.log_path).read_text(errors="replace")
        except OSError:
            return "(no worker log)"
        return "\n".join(text.splitlines()[-lines:]) or "(worker log is empty)"

    def fail(self, message):
        pytest.fail(f"{message}\n--- Celery worker log ({self.log_path}) ---\n{self.log_tail()}", pytrace=False)

    def check_alive(self):
        if self.process.poll() is not None:
            self.fail(f"the Celery worker exited with code {self.process.returncode}")

    def wait_ready(self, timeout=WORKER_READY_TIMEOUT):
        from celery import Celery

        probe = Celery("lawgov-test-probe", broker=self.redis_url, set_as_current=False)
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                self.check_alive()
                if probe.control.ping(destination=[self.nodename], timeout=1.0):
                    return
            self.fail(f"the Celery worker did not answer a ping within {timeout}s")
        finally:
            probe.close()

    def forget_queue(self):
        """Delete the Redis keys of this session's private queue (its routing entries)."""
        import redis

        client = redis.Redis.from_url(self.redis_url, socket_connect_timeout=3, socket_timeout=3)
        try:
            keys = list(client.scan_iter(match=f"*{self.queue}*"))
            if keys:
                client.delete(*keys)
        except redis.RedisError:
            pass  # only tidying up
        finally:
            client.close()

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # warm shutdown: finishes the running job
        try:
            self.process.wait(WORKER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def _celery_worker_session(django_db_setup, django_db_blocker, tmp_path_factory):
    """The worker subprocess, started once per session after the test database exists."""
    redis_url = _require_redis()
    with django_db_blocker.unblock():
        database_url = _test_database_url()
    worker = CeleryWorker(
        redis_url,
        database_url,
        queue=f"lawgov-test-{uuid.uuid4().hex[:12]}",
        log_path=tmp_path_factory.mktemp("celery") / "worker.log",
    )
    worker.start()
    try:
        worker.wait_ready()
        yield worker
    finally:
        # Stops before django_db_setup drops the test database (the worker holds a connection).
        worker.stop()
        worker.forget_queue()


@pytest.fixture
def celery_worker_process(_celery_worker_session, transactional_db):
    """A real Celery worker on the test database; jobs queued by the test go to it through Redis."""
    from lawgov.celery import app

    worker = _celery_worker_session
    worker.check_alive()
    keys = ("task_always_eager", "broker_url", "task_default_queue")
    saved = {key: app.conf[key] for key in keys}
    _configure_app(app, task_always_eager=False, broker_url=worker.redis_url, task_default_queue=worker.queue)
    try:
        with app.connection_for_write() as conn:  # drop jobs an earlier test left behind
            conn.default_channel.queue_purge(worker.queue)
        yield worker
    finally:
        _configure_app(app, **saved)
