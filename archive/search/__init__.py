"""Search: one tokenizer (tokenize.py), one query language (query.py), one backend per database.

The backend is the seam where another engine (OpenSearch fed with the same tokens) would plug in:
settings.ARCHIVE_SEARCH_BACKEND names this function, and Article.objects.search() calls it. Nothing
here imports a model.
"""

from django.db import connection


def backend():
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SQLiteBackend

    return SQLiteBackend()
