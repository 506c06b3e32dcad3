from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from .base import SearchBackend
from .query import Query


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def to_match_text(query: Query, title_only=False) -> str:
    """An FTS5 MATCH expression of quoted tokens: user text is never parsed by FTS5 itself."""

    def term(t):
        return "(" + " AND ".join(_quoted(w) for w in SearchBackend.term_words(t)) + ")"

    text = " AND ".join("(" + " OR ".join(term(t) for t in clause) + ")" for clause in query.clauses)
    if title_only:
        return "title : (" + text + ")"
    if query.excluded:
        text = "(" + text + ") NOT (" + " OR ".join(term(t) for t in query.excluded) + ")"
    return text


class SQLiteBackend(SearchBackend):
    id_column = "rowid"

    def write_rows(self, rows):
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM archive_search WHERE rowid = %s", [(r[0],) for r in rows])
            cursor.executemany("INSERT INTO archive_search (rowid, title, body) VALUES (%s, %s, %s)", rows)

    def after_bulk_write(self):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")

    def matching_ids(self, query):
        return RawSQL("SELECT rowid FROM archive_search WHERE archive_search MATCH %s", (to_match_text(query),))

    def title_matches(self, query):
        return RawSQL(
            "archive_article.id IN (SELECT rowid FROM archive_search WHERE archive_search MATCH %s)",
            (to_match_text(query, title_only=True),),
            output_field=BooleanField(),
        )
