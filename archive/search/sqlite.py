import numpy as np
from django.db import connection, connections

from archive.replicas import read_alias

from .base import SearchBackend
from .query import Query, Term


def _phrase(grams) -> str:
    text = '"' + " ".join(grams).replace('"', '""') + '"'
    return text + "*" if len(grams) == 1 and len(grams[0]) == 1 else text


def _term(term: Term, columns: str) -> str:
    return "(" + " AND ".join(f"{columns} : {_phrase(run)}" for run in term.runs) + ")"


def _clauses(query: Query, columns: str) -> str:
    return " AND ".join("(" + " OR ".join(_term(t, columns) for t in clause) + ")" for clause in query.clauses)


class SQLiteBackend(SearchBackend):
    """FTS5: columns title and body hold jieba's words, tgrams and bgrams the gram streams."""

    match_sql = "SELECT rowid FROM archive_search WHERE archive_search MATCH %s"
    title_sql = word_sql = match_sql

    def write_rows(self, rows):
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM archive_search WHERE rowid = %s", [(r[0],) for r in rows])
            cursor.executemany(
                "INSERT INTO archive_search (rowid, title, body, tgrams, bgrams) VALUES (%s, %s, %s, %s, %s)", rows
            )

    def ids(self, sql, params):
        # One string of comma-separated ids, parsed by numpy: not a Python tuple per article.
        with connections[read_alias()].cursor() as cursor:
            cursor.execute(f"WITH m(id) AS ({sql}) SELECT group_concat(id) FROM m", params)
            text = cursor.fetchone()[0]
        return np.fromstring(text, dtype=np.int64, sep=",") if text else np.empty(0, dtype=np.int64)

    def after_bulk_write(self):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")

    def match_text(self, query, title_only=False):
        """An FTS5 expression of our own quoted tokens: user text is never parsed by FTS5 itself."""
        columns = "tgrams" if title_only else "{tgrams bgrams}"
        text = _clauses(query, columns)
        if query.excluded and not title_only:
            text = f"({text}) NOT (" + " OR ".join(_term(t, columns) for t in query.excluded) + ")"
        return text

    def words_text(self, query):
        words = {w for term in query.terms for w in self.term_words(term)} or {"qqq"}
        return "{title body} : (" + " AND ".join('"' + w.replace('"', '""') + '"' for w in sorted(words)) + ")"
