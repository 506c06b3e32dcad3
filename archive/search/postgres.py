from collections import defaultdict

from django.db import connection

from .base import SearchBackend
from .query import Term
from .tokenize import GRAM_BREAK

MAX_POSITION = 16383  # PostgreSQL's limit: later positions are stored as this one
MAX_POSITIONS = 256  # per lexeme


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_text(tokens: list[str], start: int = 1) -> str:
    """A tsvector literal with positions, built from our own tokens (no parser in between)."""
    positions = defaultdict(list)
    for offset, token in enumerate(tokens):
        if token != GRAM_BREAK and len(positions[token]) < MAX_POSITIONS:
            positions[token].append(min(start + offset, MAX_POSITION))
    return " ".join(f"{_lexeme(t)}:{','.join(map(str, p))}" for t, p in positions.items() if p)


def _phrase(grams) -> str:
    if len(grams) == 1 and len(grams[0]) == 1:
        return _lexeme(grams[0]) + ":*"
    return "(" + " <-> ".join(map(_lexeme, grams)) + ")"


def _term(term: Term) -> str:
    return "(" + " & ".join(_phrase(run) for run in term.runs) + ")"


class PostgresBackend(SearchBackend):
    """archive_search: words (title, document) as plain tsvectors, grams (tgrams, grams) with
    positions; GIN indexes on document and grams."""

    match_sql = "SELECT article_id FROM archive_search WHERE grams @@ %s::tsquery"
    title_sql = "SELECT article_id FROM archive_search WHERE tgrams @@ %s::tsquery"
    word_sql = "SELECT article_id FROM archive_search WHERE document @@ %s::tsquery"

    def write_rows(self, rows):
        sql = """
            INSERT INTO archive_search (article_id, title, document, tgrams, grams)
            VALUES (%s, array_to_tsvector(%s::text[]), array_to_tsvector(%s::text[]), %s::tsvector, %s::tsvector)
            ON CONFLICT (article_id) DO UPDATE SET title = EXCLUDED.title, document = EXCLUDED.document,
                tgrams = EXCLUDED.tgrams, grams = EXCLUDED.grams
        """
        params = []
        for pk, title_words, body_words, title_grams, body_grams in rows:
            title_set = sorted(set(title_words.split()))
            tgrams = title_grams.split()
            params.append(
                (
                    pk,
                    title_set,
                    sorted(set(title_set) | set(body_words.split())),
                    tsvector_text(tgrams),
                    tsvector_text([*tgrams, GRAM_BREAK, *body_grams.split()]),
                )
            )
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)

    def after_bulk_write(self):
        # GIN's fast-update list is scanned linearly by every search until it is merged, and the
        # planner avoids the index while it is long: merge it and refresh the statistics.
        with connection.cursor() as cursor:
            for index in ("archive_search_document", "archive_search_grams"):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            cursor.execute("ANALYZE archive_search, archive_article, archive_agencymention, archive_campaignmention")

    def match_text(self, query, title_only=False):
        """A tsquery literal of our own quoted tokens: user text never reaches a parser."""
        text = " & ".join("(" + " | ".join(_term(t) for t in clause) + ")" for clause in query.clauses)
        if query.excluded and not title_only:
            text += " & !(" + " | ".join(_term(t) for t in query.excluded) + ")"
        return text

    def words_text(self, query):
        words = {w for term in query.terms for w in self.term_words(term)}
        return " & ".join(map(_lexeme, sorted(words))) or "'qqq'"
