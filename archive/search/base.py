from django.db import connection
from django.db.models.expressions import RawSQL

from .query import Query, Term
from .tokenize import TOKENIZER_VERSION, index_tokens


class SearchBackend:
    """Keeps the token index beside archive_article and turns a Query into SQL over it."""

    def index(self, articles) -> None:
        """(Re)index these articles: anything with pk, title and body."""
        rows = [(a.pk, " ".join(index_tokens(a.title)), " ".join(index_tokens(a.body))) for a in articles]
        self.write_rows(rows)
        from ..models import Article

        Article.objects.filter(pk__in=[r[0] for r in rows]).update(tokenizer_version=TOKENIZER_VERSION)

    def write_rows(self, rows: list[tuple[int, str, str]]) -> None:
        raise NotImplementedError

    def after_bulk_write(self) -> None:
        """Bring the planner's statistics and the index up to date after many rows changed."""

    def delete(self, ids) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM archive_search WHERE {self.id_column} = %s", [(i,) for i in ids])

    def matching_ids(self, query: Query) -> RawSQL:
        """A subquery of the ids of the articles that satisfy the query."""
        raise NotImplementedError

    def title_matches(self, query: Query) -> RawSQL:
        """A boolean expression: the article's title alone satisfies the query's terms."""
        raise NotImplementedError

    @staticmethod
    def term_words(term: Term) -> list[str]:
        return list(dict.fromkeys(term.words))
