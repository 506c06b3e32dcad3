from contextlib import contextmanager

import numpy as np
from django.db import connections
from django.db.models.expressions import RawSQL

from archive.replicas import read_alias

from .query import Query, Term, parse_query
from .tokenize import TOKENIZER_VERSION, document_tokens

# One article's index row: its id, then what document() gives for it.
Row = tuple


class SearchBackend:
    """Keeps the token index beside archive_article and turns a Query into SQL over it. Imports no
    model: it knows the article table by name, and the models reach it through a setting.

    Matching is on the gram stream (a term matches where its characters occur, whatever jieba makes
    of them); jieba's words only rank: an article where the query's words are words comes first.
    """

    version = TOKENIZER_VERSION  # what Article.tokenizer_version records for a row written now
    parse = staticmethod(parse_query)

    def document(self, title: str, body: str) -> tuple:
        """What the index holds for one article (computed in worker processes during bulk work)."""
        return document_tokens(title, body)

    def write_rows(self, rows: list[Row]) -> None:
        raise NotImplementedError

    @contextmanager
    def bulk_writing(self):
        """Around the writing of many rows in one transaction (a bulk import)."""
        yield

    def refresh_statistics(self, written: int) -> None:
        """During a bulk import, in its transaction, once it has written this many articles."""

    def after_bulk_write(self) -> None:
        """Bring the planner's statistics and the index up to date after many rows changed."""

    def match(self, query: Query) -> tuple[str, tuple]:
        """SQL and parameters selecting the ids of the articles that satisfy the query (not an empty
        one). Exclusions alone: every article but those that have any of the excluded terms."""
        if not query.clauses:
            sql, params = self.clauses_match(Query(clauses=[query.excluded]))
            return f"SELECT id FROM archive_article EXCEPT {sql}", params  # noqa: S608 (our SQL; words are parameters)
        return self.clauses_match(query)

    def clauses_match(self, query: Query) -> tuple[str, tuple]:
        """The same for a query with at least one clause."""
        return self.match_sql, (self.match_text(query),)

    def title_match(self, query: Query) -> tuple[str, tuple]:
        """The same for the articles whose title alone satisfies the query's terms."""
        return self.title_sql, (self.match_text(query, title_only=True),)

    def word_match(self, query: Query, among=None) -> tuple[str, tuple]:
        """The same for the articles where every term's words are words (an exact word match);
        with among, a backend may answer for those ids only."""
        return self.word_sql, (self.words_text(query),)

    def ids(self, sql: str, params: tuple) -> np.ndarray:
        with connections[read_alias()].cursor() as cursor:
            cursor.execute(sql, params)
            return np.fromiter((row[0] for row in cursor.fetchall()), dtype=np.int64)

    def matching_ids(self, query: Query) -> RawSQL:
        """A subquery of the ids of the articles that satisfy the query."""
        return RawSQL(*self.match(query))  # noqa: S611 (fixed SQL; the query is a parameter)

    @staticmethod
    def term_words(term: Term) -> list[str]:
        return list(dict.fromkeys(term.words))
