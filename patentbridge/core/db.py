"""Bulk writes the ORM makes slow: many rows updated with one prepared statement."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import connection, models
from django.db.models import Model

# Fields whose Python value is already what the database driver takes: no conversion per value.
_PASS_THROUGH = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey,
                 models.FloatField, models.BinaryField)


def _prepare(field: models.Field) -> Callable[[object], object]:
    """The ORM's preparation, remembering the last value: bulk rows often repeat one (a batch's timestamp)."""
    last: list[object] = [object(), None]

    def convert(value: object) -> object:
        if value is not last[0]:
            last[0], last[1] = value, field.get_db_prep_save(value, connection)
        return last[1]
    return convert


def _converters(concrete: list) -> list[Callable[[object], object]]:
    """One converter per field: identity for plain fields, the ORM's own preparation for the rest."""
    return [
        (lambda value: value) if isinstance(field, _PASS_THROUGH) and not isinstance(field, models.JSONField)
        else _prepare(field)
        for field in concrete
    ]


def update_rows(model: type[Model], objects: Sequence[Model], fields: Sequence[str]) -> int:
    """UPDATE the given fields of saved objects with executemany (one statement, N parameter rows).

    Django's bulk_update builds one CASE WHEN per field and row, whose compilation dominates for
    thousands of rows; a prepared UPDATE by primary key does the same work in a fraction of the time.
    """
    if not objects:
        return 0
    concrete = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in concrete)
    pk = model._meta.pk
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"
    params = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in concrete]
        + [pk.get_db_prep_save(obj.pk, connection)]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(objects)


def insert_rows(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[object]]) -> int:
    """INSERT plain value tuples as multi-row VALUES statements, skipping model instantiation.

    Values go through each field's `get_db_prep_save`, as the ORM would; no ids are returned. One
    statement carries as many rows as the backend's parameter limit allows (executemany would make
    PostgreSQL parse one statement per row).
    """
    if not rows:
        return 0
    concrete = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in concrete)
    if connection.vendor == "postgresql":
        return _copy_rows(model, _converters(concrete), columns, rows)
    row_sql = "(" + ", ".join(["%s"] * len(concrete)) + ")"
    per_statement = max(1, min(connection.features.max_query_params or 999, 60_000) // len(concrete))
    prefix = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
    converters = _converters(concrete)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start:start + per_statement]
            params = [convert(value) for row in chunk for convert, value in zip(converters, row)]
            cursor.execute(prefix + ", ".join([row_sql] * len(chunk)), params)
    return len(rows)


def _copy_rows(model: type[Model], converters: list, columns: str, rows: Sequence[Sequence[object]]) -> int:
    """PostgreSQL: COPY … FROM STDIN, which skips SQL parsing and client-side parameter binding."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([convert(value) for convert, value in zip(converters, row)])
    return len(rows)
