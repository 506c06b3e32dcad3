"""When curated names change, bring exactly the affected articles up to date: their mentions and
their index rows (the segmenter's dictionary is rebuilt first, so 新别名 becomes one word)."""

from django.db import transaction

from ..models import Article
from ..search import backend
from ..search.query import Query, parse_query
from .names import current_name_table
from .save import apply_extraction

BATCH = 500


def articles_containing(names) -> list[int]:
    """Ids of the articles whose text contains any of the names (exactly, as strings)."""
    terms = [term for name in names for term in parse_query(f'"{name}"').terms]
    if not terms:
        return []
    query = Query(clauses=[terms])  # one clause: any of the names
    return list(Article.objects.filter(pk__in=backend().matching_ids(query)).values_list("pk", flat=True))


def refresh_articles_mentioning(names) -> int:
    """Re-extract and re-index the articles that contain any of these names; returns how many."""
    ids = articles_containing(names)
    table, search = current_name_table(), backend()
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            articles = list(Article.objects.filter(pk__in=ids[start : start + BATCH]).only("title", "body"))
            for article in articles:
                apply_extraction(article, table)
            search.index(articles)
    return len(ids)
