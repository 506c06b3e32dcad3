from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from .base import SearchBackend
from .query import Query


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def to_tsquery_text(query: Query, title_only=False) -> str:
    """A tsquery literal built from our own tokens, each quoted: user text never reaches the parser."""

    def term(t):
        return "(" + " & ".join(_lexeme(w) for w in SearchBackend.term_words(t)) + ")"

    text = " & ".join("(" + " | ".join(term(t) for t in clause) + ")" for clause in query.clauses)
    if query.excluded and not title_only:
        text += " & !(" + " | ".join(term(t) for t in query.excluded) + ")"
    return text


class PostgresBackend(SearchBackend):
    id_column = "article_id"

    def write_rows(self, rows):
        sql = """
            INSERT INTO archive_search (article_id, title, document)
            VALUES (%s, array_to_tsvector(%s::text[]), array_to_tsvector(%s::text[]))
            ON CONFLICT (article_id) DO UPDATE SET title = EXCLUDED.title, document = EXCLUDED.document
        """
        params = []
        for pk, title, body in rows:
            title_set = sorted(set(title.split()))
            params.append((pk, title_set, sorted(set(title_set) | set(body.split()))))
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)

    def after_bulk_write(self):
        # GIN's fast-update list is scanned linearly by every search until it is merged, and the
        # planner avoids the index while it is long: merge it and refresh the statistics.
        with connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list('archive_search_document'::regclass)")
            cursor.execute("ANALYZE archive_search, archive_article, archive_agencymention, archive_campaignmention")

    def matching_ids(self, query):
        return RawSQL("SELECT article_id FROM archive_search WHERE document @@ %s::tsquery", (to_tsquery_text(query),))

    def title_matches(self, query):
        return RawSQL(
            "archive_article.id IN (SELECT article_id FROM archive_search WHERE title @@ %s::tsquery)",
            (to_tsquery_text(query, title_only=True),),
            output_field=BooleanField(),
        )
