"""Django's SQLite backend, told the real bound-parameter limit of the linked SQLite library.

Django assumes 999 parameters per statement (the limit of SQLite before 3.32), which cuts bulk inserts
of wide rows into batches of ~24. Modern SQLite allows 32,766 or more; asking the library lets an
import write 2,000 patents in one statement.
"""

from __future__ import annotations

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:
        self.connection.ensure_connection()
        limit = self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return min(limit, 100_000)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
