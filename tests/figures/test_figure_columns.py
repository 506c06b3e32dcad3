"""The figures' in-memory columns answer as FigureFilter does over the ORM: the same figures in the
same order, and facet counts equal to counting the ORM's answers by the filter's own rule."""

from collections import Counter
from itertools import islice

import pytest
from django.db import transaction
from django.http import QueryDict

from archive.figures.filters import FigureFilter
from archive.figures.models import Figure, MetricVariant
from archive.ingest.bulk import import_pages
from archive.ingest.names import current_name_table
from archive.models import Agency, Article
from bench.synthetic import synthetic_pages

from ..conftest import built_once, corpus_file
from ..oracle import OrmFigureFilter

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bulk_imported_series(django_db_setup, django_db_blocker):
    """120 synthetic pages bulk-imported once for the module, with a curator's marks, a withdrawn article
    and a linked wording (the columns must follow them); rolled back after the module's last test.
    Its value is the most common metric, a series with a variant linked to it."""
    path = corpus_file("xin-wen-lian-bo/xwlb_2020_2021_items.jsonl")
    pages = list(islice(synthetic_pages(path, 120, seed=11), 120))
    with built_once(django_db_blocker):
        with transaction.atomic():
            import_pages(pages, current_name_table(), "columns", workers=1)
        Figure.objects.filter(pk__in=Figure.objects.values("pk")[:40]).update(review=Figure.Review.WRONG)
        Article.objects.filter(pk__in=Article.objects.values("pk")[:5]).update(status=Article.Status.WITHDRAWN)
        common = Counter(Figure.objects.values_list("metric", flat=True)).most_common(2)
        MetricVariant.objects.create(name=common[1][0], series=common[0][0])
        yield common[0][0]


def queries(series):
    agency = Agency.objects.filter(figures__isnull=False).first().slug
    return [
        "",
        "sort=-value",
        "sort=value",
        "sort=year",
        "q=案件",
        "q=增長",
        f"agency={agency}",
        "agency=ministry-of-public-security&year=2020",
        "campaign=duanka",
        "year_from=2018&year_to=2021",
        "unit=%",
        "unit=个&sort=-value",
        f"series={series}",
    ]


def orm_counts(figures):
    """Facet counts the slow way: each figure by its unit, year and the agencies and campaigns that
    are its by the filter's rule (named in the sentence, or, when it names none, in the article)."""
    counts = {"unit": Counter(), "year": Counter(), "agency": Counter(), "campaign": Counter()}
    for figure in figures.select_related("article").prefetch_related(
        "agencies", "campaigns", "article__agency_mentions", "article__campaign_mentions"
    ):
        if figure.unit:
            counts["unit"][figure.unit] += 1
        if figure.year:
            counts["year"][figure.year] += 1
        agencies = {a.pk for a in figure.agencies.all()} or {
            m.agency_id for m in figure.article.agency_mentions.all() if m.origin != "removed"
        }
        campaigns = {c.pk for c in figure.campaigns.all()} or {
            m.campaign_id for m in figure.article.campaign_mentions.all() if m.origin != "removed"
        }
        counts["agency"].update(agencies)
        counts["campaign"].update(campaigns)
    return counts


def test_the_columns_find_the_same_figures_in_the_same_order_as_the_filterset(bulk_imported_series):
    for query in queries(bulk_imported_series):
        filterset = FigureFilter(QueryDict(query), queryset=Figure.objects.kept())
        assert filterset.is_valid(), query
        expected = list(
            OrmFigureFilter(QueryDict(query), queryset=Figure.objects.kept()).ordered().values_list("pk", flat=True)
        )
        found = list(filterset.ids())
        assert found == expected, query
    assert expected  # the series query found figures, its variant's among them


def test_the_columns_count_facets_as_the_filter_rule_does(bulk_imported_series):
    for query in queries(bulk_imported_series):
        filterset = FigureFilter(QueryDict(query), queryset=Figure.objects.kept())
        assert filterset.is_valid()
        counted = filterset.listing().facets()
        for facet in ("unit", "year", "agency", "campaign"):
            without = QueryDict(query, mutable=True)
            without.pop(facet, None)
            unfiltered = OrmFigureFilter(without, queryset=Figure.objects.kept())
            assert unfiltered.is_valid()
            assert counted[facet] == dict(orm_counts(unfiltered.qs)[facet]), (query, facet)
