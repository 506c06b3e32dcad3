"""The benchmark's own parts: its synthetic archive imports through the bulk path, every URL of its
mix answers, the bare SQL finds what the API counts, and the figure pages' timings are summarised."""

from itertools import islice

import pytest
from django.db import transaction

from archive.documents.models import Citation, Document, Issuer
from archive.ingest.bulk import import_pages
from archive.ingest.names import current_name_table
from archive.models import AgencyMention, Article, CampaignMention
from archive.search import backend
from archive.search.query import parse_query
from bench.management.commands import bench_search
from bench.synthetic import synthetic_pages
from bench.synthetic_documents import EVERY, write_documents

from ..conftest import built_once, corpus_file

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bench_archive(django_db_setup, django_db_blocker):
    """300 synthetic pages through the bulk import, once for the module (about 16 s on PostgreSQL);
    rolled back after its last test."""
    path = corpus_file("xin-wen-lian-bo/xwlb_2020_2021_items.jsonl")
    pages = list(islice(synthetic_pages(path, 300, seed=7), 300))
    with built_once(django_db_blocker):
        with transaction.atomic():
            counts = import_pages(pages, current_name_table(), "bench", workers=2)
            write_documents(seed=7)
        yield counts


def test_the_synthetic_archive_has_dates_agencies_and_campaigns(bench_archive):
    assert bench_archive["created"] == 300 == Article.objects.count()
    years = set(Article.objects.values_list("year", flat=True))
    assert min(years) >= 2015 and max(years) <= 2026 and len(years) > 5
    per_article = AgencyMention.objects.values("article").distinct().count()
    assert per_article == 300  # every article names one to three agencies
    assert CampaignMention.objects.values("article").distinct().count() > 100


def test_one_synthetic_article_in_ten_is_a_policy_document_with_issuers_and_citations(client, bench_archive):
    assert Document.objects.count() == 300 // EVERY
    assert Issuer.objects.values("document").distinct().count() == 300 // EVERY
    assert Document.objects.exclude(number_key="").count() == 300 // EVERY
    assert Citation.objects.filter(cited__isnull=False).exists()
    assert len(set(Document.objects.values_list("validity", flat=True))) > 2
    facets = client.get("/api/articles/").json()["facets"]
    assert sum(item["count"] for item in facets["doc_type"]) == 300 // EVERY
    assert facets["issuer"] and facets["validity"]


def test_every_url_of_the_mix_answers_and_the_bare_sql_agrees_with_the_api(client, admin_client, bench_archive):
    search = backend()
    for queries in bench_search.MIX.values():
        for query in queries:
            # the mix's deep page (page=40 of 100,000 articles) lies past the last of 300: a 404
            query = query.replace("page=40", "page=2")
            assert client.get(f"/?{query}").status_code == 200, query
            data = client.get(f"/api/articles/?{query}").json()
            params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
            if set(params) == {"q"}:
                ids = search.ids(*search.match(parse_query(params["q"])))
                assert len(ids) == data["count"], query
    for query in bench_search.ADMIN:
        assert admin_client.get(f"/admin/archive/article/?{query.replace('p=100', 'p=2')}").status_code == 200


def test_the_bulk_import_writes_figures_and_every_figure_url_of_the_benchmark_answers(bench_archive, settings):
    from archive.figures.models import Figure

    settings.SECURE_SSL_REDIRECT = True  # as in production: the benchmark's requests come over https
    bench_search.Command().time_urls("/", 1)
    assert Figure.objects.count() > 300  # about six an article: the corpus sentences report figures
    assert Figure.objects.filter(agencies__isnull=False).exists()
    timed = bench_search.Command().time_figure_pages(1)
    assert timed["figures"] == Figure.objects.count() and timed["urls"] == len(bench_search.FIGURE_QUERIES) + 2
    assert 0 < timed["p50"] <= timed["p95"] <= timed["max"]  # the timings' summary, as the report shows it
