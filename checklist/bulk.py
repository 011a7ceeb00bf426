"""Plain multi-row INSERTs for the task, link and history rows of large imports.

bulk_create builds a model instance per row and prepares every value through its field; for the
tens of thousands of rows a big ledger writes, that costs more than the database work. Here only
the columns that need it (dates, times) are prepared; numbers, text and ids go in as they are.
PostgreSQL gets the rows through COPY, the others through INSERTs of many rows each.
"""
from collections.abc import Iterable, Iterator

from django.db import connection, models

BATCH = 2000
_AS_IS = (models.IntegerField, models.CharField, models.TextField, models.ForeignKey)


def insert_rows(model, fields: list[str], rows: Iterable) -> int:
    """INSERT each row of `rows` (values in the order of `fields`); returns the number inserted."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(c.column) for c in columns)
    prepared = _prepared(columns, rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _copy(cursor, f"COPY {table} ({names}) FROM STDIN", prepared)
        return _insert(cursor, f"INSERT INTO {table} ({names}) VALUES ", len(columns), prepared)


def _prepared(columns, rows: Iterable) -> Iterator[list]:
    needs = [(i, c, {}) for i, c in enumerate(columns) if not isinstance(c, _AS_IS)]
    for row in rows:
        row = list(row)
        for i, column, seen in needs:  # dates repeat (one import time, a few deadlines): prepare each once
            value = row[i]
            if isinstance(value, (list, dict)):  # JSON values: not hashable, and rarely repeated
                row[i] = column.get_db_prep_save(value, connection)
                continue
            if value not in seen:
                seen[value] = column.get_db_prep_save(value, connection)
            row[i] = seen[value]
        yield row


def _copy(cursor, sql: str, rows: Iterator[list]) -> int:
    count = 0
    with cursor.cursor.copy(sql) as copy:  # the driver's own cursor: Django's wrapper has no copy()
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _insert(cursor, head: str, width: int, rows: Iterator[list]) -> int:
    one = "(" + ", ".join(["%s"] * width) + ")"
    size = max(1, min(BATCH, connection.ops.bulk_batch_size([None] * width, [None] * BATCH)))
    count, params = 0, []
    for row in rows:
        params.extend(row)
        count += 1
        if count % size == 0:
            cursor.execute(head + ", ".join([one] * size), params)
            params = []
    if params:
        cursor.execute(head + ", ".join([one] * (len(params) // width)), params)
    return count
