"""The throw-away database a benchmark runs on: a SQLite file in its work folder, or a scratch database
created on the PostgreSQL server given with --database-url and dropped afterwards."""
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def scratch_postgres(url: str, name: str, create: bool) -> str:
    """Drop the scratch database `name` on the server of `url` (and create it anew); its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        if create:
            conn.execute(f"CREATE DATABASE {name} ENCODING 'UTF8'")
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def use_scratch_database(database_url: str | None, name: str, workdir: Path) -> str:
    """Point DATABASE_URL at the scratch database (settings without DEBUG, which would keep every query in
    memory); returns the backend's name for the report."""
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lawgov.settings"
    if database_url:
        os.environ["DATABASE_URL"] = scratch_postgres(database_url, name, create=True)
        return "PostgreSQL"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    return "SQLite"
