import logging
import threading
from contextlib import contextmanager

import numpy as np
from django.db import connection, connections, transaction

from archive.replicas import read_alias

from .base import SearchBackend
from .query import Query, Term
from .tokenize import index_tokens, normalise, runs

# The longest substring indexed as a gram. Four: a string of up to four characters is answered by
# the index alone. Two (pairs) imported 40 % faster but left strings of three or four characters to
# be confirmed on the text of every candidate, and 疫情防控 took 2 s at 1,000,000 articles
# (docs/performance.md).
LONGEST = 4
TABLES = ("archive_search", "archive_searchtitle", "archive_searchtext")
GIN_INDEXES = ("archive_search_grams", "archive_searchtitle_tgrams")
MERGE_EVERY = 0.2  # seconds between merges of the pending lists during a bulk import
# The tables a bulk import looks rows up in, batch after batch (reprint candidates by band key,
# archived texts, copies, the figures just written).
LOOKED_UP = ("archive_article", "archive_copy", "archive_fingerprint", "archive_fingerprintband", "archive_figure")

logger = logging.getLogger(__name__)
_merger = None  # the _Merger of the bulk import under way in this process


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsvector(lexemes) -> str:
    # Grams are letters and digits, so quoting them all at once is the common case (a tenth of
    # the import's segmenting time went to quoting each lexeme apart).
    lexemes = list(lexemes)
    together = "".join(lexemes)
    if "'" in together or "\\" in together:
        return " ".join(map(_lexeme, lexemes))
    return "'" + "' '".join(lexemes) + "'" if lexemes else ""


def gram_set(text: str) -> list[str]:
    """The distinct grams of a normalised text: at each position of each run, the substring of
    LONGEST characters that starts there (fewer at the run's end). A string of up to LONGEST
    characters is in the text exactly when it begins one of them, which a prefix query over the
    index finds. Every substring of two to four characters was indexed before: 1,600 keys an
    article against 655, twice the index, as fast to query (docs/performance.md)."""
    grams = set()
    for run in runs(text):
        grams.update(run[i : i + LONGEST] for i in range(len(run)))
    return list(grams)


def _run_text(run: tuple[str, ...]) -> str:
    """The string a gram phrase of query_runs spells."""
    return run[0] + "".join(gram[-1] for gram in run[1:])


def _run_query(text: str) -> str:
    """A tsquery over the gram set: exact up to LONGEST characters (a prefix, or the gram itself),
    a superset beyond."""
    if len(text) < LONGEST:
        return _lexeme(text) + ":*"
    if len(text) == LONGEST:
        return _lexeme(text)
    return "(" + " & ".join(_lexeme(text[i : i + LONGEST]) for i in range(len(text) - LONGEST + 1)) + ")"


def _term(term: Term) -> str:
    return "(" + " & ".join(_run_query(_run_text(run)) for run in term.runs) + ")"


def _is_long(term: Term) -> bool:
    return any(len(_run_text(run)) > LONGEST for run in term.runs)


def _contains(column: str, terms, params: list) -> str:
    """SQL true where column (normalised text) satisfies any of the terms: each run a substring."""
    parts = []
    for term in terms:
        runs_sql = []
        for run in term.runs:
            runs_sql.append(f"strpos({column}, %s) > 0")
            params.append(_run_text(run))
        parts.append("(" + " AND ".join(runs_sql) + ")")
    return "(" + " OR ".join(parts) + ")"


class PostgresBackend(SearchBackend):
    """archive_search: jieba's words (document) and the gram set of the whole text (grams) as
    tsvectors without positions, GIN-indexed; archive_searchtitle: the title's gram set (tgrams)
    and its normalised text; archive_searchtext: the normalised text, read only to confirm strings
    longer than LONGEST characters.

    A string of up to LONGEST characters begins a lexeme of the gram set, so the index alone answers
    (no row is read to confirm it); a longer one is every window of that length, which the text then
    confirms on those candidates only.
    """

    word_sql = "SELECT article_id FROM archive_search WHERE document @@ %s::tsquery"

    def document(self, title, body):
        title_text, body_text = normalise(title), normalise(body)
        text = f"{title_text}\n{body_text}"
        words = set(index_tokens(title)) | set(index_tokens(body))
        # The tsvector literals are made here, in the worker processes of a bulk import.
        return (_tsvector(sorted(words)), _tsvector(gram_set(text)), _tsvector(gram_set(title_text)), title_text, text)

    def clauses_match(self, query):
        if not any(_is_long(t) for t in [*query.terms, *query.excluded]):
            return "SELECT article_id FROM archive_search WHERE grams @@ %s::tsquery", (self.match_text(query),)
        params = [self.match_text(query, candidates=True)]
        condition = " AND ".join(_contains("t.text", clause, params) for clause in query.clauses)
        if query.excluded:
            condition += " AND NOT " + _contains("t.text", query.excluded, params)
        sql = (
            "SELECT s.article_id FROM archive_search s JOIN archive_searchtext t ON t.article_id = s.article_id "
            f"WHERE s.grams @@ %s::tsquery AND {condition}"
        )
        return sql, tuple(params)

    def word_match(self, query, among=None):
        # document has no index of its own (it would be a third of an import's index cost):
        # the rows of the candidates are read.
        if among is None:
            return self.word_sql, (self.words_text(query),)
        sql = "SELECT article_id FROM archive_search WHERE article_id = ANY(%s) AND document @@ %s::tsquery"
        return sql, ([int(pk) for pk in among], self.words_text(query))

    def title_match(self, query):
        params = [self.match_text(query, candidates=True)]
        sql = "SELECT article_id FROM archive_searchtitle WHERE tgrams @@ %s::tsquery"
        if not any(_is_long(t) for t in query.terms):
            return sql, tuple(params)
        condition = " AND ".join(_contains("title_text", clause, params) for clause in query.clauses)
        return f"{sql} AND {condition}", tuple(params)

    def ids(self, sql, params):
        # The planner's cost model does not count reading the large tsvectors a sequential scan
        # must decompress, and picks it for common terms (944 ms against 106 ms by the index at
        # 100,000 articles): for this one statement, use the index. The ids come back as one
        # binary string (8 bytes each), not as a row per article.
        alias = read_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"WITH m(id) AS ({sql}) SELECT string_agg(int8send(id::bigint), '') FROM m", params)
            packed = cursor.fetchone()[0]
        return np.frombuffer(packed, dtype=">i8").astype(np.int64) if packed else np.empty(0, dtype=np.int64)

    @contextmanager
    def bulk_writing(self):
        """While many rows are written: the GIN indexes' pending lists are merged by a connection
        of its own (another backend, so the other core), and the writer only appends to them.
        Merging 655 grams an article into the index was 60 % of the writing backend's time, and
        the one backend the import's single transaction allows was its bottleneck. The merger
        writes no rows: index entries of a transaction that rolls back are dead ones, as after any
        rollback, and vacuum removes them."""
        global _merger
        _merger = _Merger(connection.alias)
        _merger.start()
        try:
            yield
        finally:
            _merger.stop.set()
            _merger.join()
            _merger = None

    def write_rows(self, rows):
        # COPY, with tsvector literals of our own quoted lexemes: a third faster than INSERT ...
        # array_to_tsvector. Most of the cost is the GIN index over the gram sets (some 655
        # lexemes an article); a larger pending list and work_mem for big batches merge it less often.
        ids = [row[0] for row in rows]
        with connection.cursor() as cursor:
            if len(rows) > 50 and not connection.get_autocommit():
                cursor.execute("SET LOCAL work_mem = '256MB'")
                merging = _merger is not None and _merger.is_alive()
                cursor.execute(f"SET LOCAL gin_pending_list_limit = '{'4GB' if merging else '64MB'}'")
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table} WHERE article_id = ANY(%s)", [ids])  # noqa: S608
            with cursor.copy("COPY archive_search (article_id, document, grams) FROM STDIN") as copy:
                for pk, words, grams, *_ in rows:
                    copy.write_row((pk, words, grams))
            with cursor.copy("COPY archive_searchtitle (article_id, tgrams, title_text) FROM STDIN") as copy:
                for pk, _, _, tgrams, title_text, _ in rows:
                    copy.write_row((pk, tgrams, title_text))
            with cursor.copy("COPY archive_searchtext (article_id, text) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((row[0], row[-1]))

    def refresh_statistics(self, written):
        """Keep the planner's statistics of the tables a bulk import reads as it writes them (the
        import calls this after its first batch and each time its count doubles). Rows of a
        transaction still open are invisible to autovacuum, so a large first import was planned
        for empty tables: each batch's reprint candidates became a sequential scan of every
        fingerprint band written so far (6.5 million rows at 200,000 articles, each batch; the
        import slowed as it went). ANALYZE in the import's own transaction samples its own rows.
        An import that is a small share of what the statistics describe already skips it."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'archive_article'::regclass")
            if written * 10 < cursor.fetchone()[0]:
                return
            cursor.execute(f"ANALYZE {', '.join(LOOKED_UP)}")

    def after_bulk_write(self):
        # GIN's fast-update list is scanned linearly by every search until it is merged, and the
        # planner avoids the index while it is long: merge it and refresh the statistics.
        with connection.cursor() as cursor:
            for index in GIN_INDEXES:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            cursor.execute(
                "ANALYZE archive_search, archive_searchtitle, archive_searchtext, archive_article, "
                "archive_agencymention, archive_campaignmention"
            )

    def match_text(self, query: Query, candidates=False):
        """A tsquery literal of our own quoted tokens: user text never reaches a parser. With
        candidates, only the clauses (a superset, confirmed on the text)."""
        text = " & ".join("(" + " | ".join(_term(t) for t in clause) + ")" for clause in query.clauses)
        if query.excluded and not candidates:
            text += " & !(" + " | ".join(_term(t) for t in query.excluded) + ")"
        return text

    def words_text(self, query):
        words = {w for term in query.terms for w in self.term_words(term)}
        return " & ".join(map(_lexeme, sorted(words))) or "'qqq'"


class _Merger(threading.Thread):
    """Merges the GIN pending lists every MERGE_EVERY seconds until stopped. A failure is logged
    and ends the thread; the writer then merges them itself, as without it."""

    def __init__(self, alias):
        super().__init__(name="gin-merger", daemon=True)
        self.alias = alias
        self.stop = threading.Event()

    def run(self):
        own = None
        try:
            own = connections.create_connection(self.alias)
            own.set_autocommit(True)
            with own.cursor() as cursor:
                while not self.stop.wait(MERGE_EVERY):
                    for index in GIN_INDEXES:
                        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        except Exception:
            logger.exception("merging the search index's pending lists failed; the import merges them itself")
        finally:
            if own is not None:
                own.close()
