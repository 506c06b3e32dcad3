import numpy as np
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from .query import Query, Term
from .tokenize import TOKENIZER_VERSION, document_tokens

# One article's index row: its id, then what document() gives for it.
Row = tuple


class SearchBackend:
    """Keeps the token index beside archive_article and turns a Query into SQL over it.

    Matching is on the gram stream (a term matches where its characters occur, whatever jieba makes
    of them); jieba's words only rank: an article where the query's words are words comes first.
    """

    def index(self, articles) -> None:
        """(Re)index these articles: anything with pk, title and body."""
        rows = [(a.pk, *self.document(a.title, a.body)) for a in articles]
        self.write_rows(rows)
        from ..models import Article

        Article.objects.filter(pk__in=[r[0] for r in rows]).update(tokenizer_version=TOKENIZER_VERSION)

    def document(self, title: str, body: str) -> tuple:
        """What the index holds for one article (computed in worker processes during bulk work)."""
        return document_tokens(title, body)

    def write_rows(self, rows: list[Row]) -> None:
        raise NotImplementedError

    def after_bulk_write(self) -> None:
        """Bring the planner's statistics and the index up to date after many rows changed."""

    def match(self, query: Query) -> tuple[str, tuple]:
        """SQL and parameters selecting the ids of the articles that satisfy the query."""
        return self.match_sql, (self.match_text(query),)

    def title_match(self, query: Query) -> tuple[str, tuple]:
        """The same for the articles whose title alone satisfies the query's terms."""
        return self.title_sql, (self.match_text(query, title_only=True),)

    def word_match(self, query: Query, among=None) -> tuple[str, tuple]:
        """The same for the articles where every term's words are words (an exact word match);
        with among, a backend may answer for those ids only."""
        return self.word_sql, (self.words_text(query),)

    def ids(self, sql: str, params: tuple) -> np.ndarray:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return np.fromiter((row[0] for row in cursor.fetchall()), dtype=np.int64)

    def matching_ids(self, query: Query) -> RawSQL:
        """A subquery of the ids of the articles that satisfy the query."""
        return RawSQL(*self.match(query))  # noqa: S611 (fixed SQL; the query is a parameter)

    def title_matches(self, query: Query) -> RawSQL:
        """A boolean expression: the article's title alone satisfies the query's terms."""
        sql, params = self.title_match(query)
        return RawSQL(f"archive_article.id IN ({sql})", params, output_field=BooleanField())  # noqa: S611

    def word_matches(self, query: Query) -> RawSQL:
        """A boolean expression: every term's words are words of the article (an exact word match)."""
        sql, params = self.word_match(query)
        return RawSQL(f"archive_article.id IN ({sql})", params, output_field=BooleanField())  # noqa: S611

    @staticmethod
    def term_words(term: Term) -> list[str]:
        return list(dict.fromkeys(term.words))
