"""Bulk writes the ORM makes slow: many rows updated with one prepared statement."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model


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
