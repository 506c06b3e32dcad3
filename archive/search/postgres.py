from collections import defaultdict

from django.db import connection, transaction

from .base import SearchBackend
from .query import Query, Term
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


def _candidate(term: Term) -> str:
    """Every gram of the term, in any order: a superset of the term's matches."""
    grams = {gram for run in term.runs for gram in run}
    return "(" + " & ".join(_phrase([g]) if len(g) == 1 else _lexeme(g) for g in sorted(grams)) + ")"


def _has_phrase(query: Query) -> bool:
    return any(len(run) > 1 for term in [*query.terms, *query.excluded] for run in term.runs)


class PostgresBackend(SearchBackend):
    """archive_search: words (title, document) as plain tsvectors; grams (tgrams, grams) with
    positions; bigrams, the distinct grams without positions. GIN indexes on document and bigrams.

    A search takes its candidates from bigrams alone, which the index answers without reading the
    rows; where the query has a phrase, the positional grams confirm it on the candidates only.
    """

    word_sql = "SELECT article_id FROM archive_search WHERE document @@ %s::tsquery"

    def match(self, query):
        if not _has_phrase(query):
            return "SELECT article_id FROM archive_search WHERE bigrams @@ %s::tsquery", (self.match_text(query),)
        sql = "SELECT article_id FROM archive_search WHERE bigrams @@ %s::tsquery AND grams @@ %s::tsquery"
        return sql, (self.candidates_text(query), self.match_text(query))

    def title_match(self, query):
        sql = "SELECT article_id FROM archive_search WHERE bigrams @@ %s::tsquery AND tgrams @@ %s::tsquery"
        return sql, (self.candidates_text(query), self.match_text(query, title_only=True))

    def ids(self, sql, params):
        # The planner's cost model does not count reading the large tsvectors a sequential scan
        # must decompress, and picks it for common terms (944 ms against 106 ms by the index at
        # 100,000 articles): for this one statement, use the index.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def candidates_text(self, query):
        return " & ".join("(" + " | ".join(_candidate(t) for t in clause) + ")" for clause in query.clauses)

    def write_rows(self, rows):
        sql = """
            INSERT INTO archive_search (article_id, title, document, tgrams, grams, bigrams)
            VALUES (%s, array_to_tsvector(%s::text[]), array_to_tsvector(%s::text[]), %s::tsvector, %s::tsvector,
                    strip(%s::tsvector))
            ON CONFLICT (article_id) DO UPDATE SET title = EXCLUDED.title, document = EXCLUDED.document,
                tgrams = EXCLUDED.tgrams, grams = EXCLUDED.grams, bigrams = EXCLUDED.bigrams
        """
        params = []
        for pk, title_words, body_words, title_grams, body_grams in rows:
            title_set = sorted(set(title_words.split()))
            tgrams = title_grams.split()
            grams = tsvector_text([*tgrams, GRAM_BREAK, *body_grams.split()])
            params.append(
                (pk, title_set, sorted(set(title_set) | set(body_words.split())), tsvector_text(tgrams), grams, grams)
            )
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)

    def after_bulk_write(self):
        # GIN's fast-update list is scanned linearly by every search until it is merged, and the
        # planner avoids the index while it is long: merge it and refresh the statistics.
        with connection.cursor() as cursor:
            for index in ("archive_search_document", "archive_search_bigrams"):
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
