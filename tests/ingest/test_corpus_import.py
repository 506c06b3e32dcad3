"""Real pages and records from ../shared/corpus through import_articles, on both databases."""

import json
import time

import pytest
from django.db.models import Count

from archive.models import Alias, Article, CampaignMention
from archive.search.tokenize import normalise
from bench.judged import build_queries, evaluate

from ..conftest import CORPUS
from .test_parse_html import CORPUS_PAGES

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]
XWLB = "xin-wen-lian-bo/xwlb_2020_2021_items.jsonl"


@pytest.mark.parametrize("relative, title, published", CORPUS_PAGES, ids=lambda v: str(v)[:40])
def test_every_corpus_page_imports_with_its_title_and_date(corpus, run_import, relative, title, published):
    result = run_import(CORPUS / relative)
    assert result.code == 0, result.output
    article = Article.objects.get()
    assert article.title == title
    assert article.published_at == published
    assert article.copies.count() == 1


@pytest.mark.slow
def test_xin_wen_lian_bo_imports_whole_and_duanka_is_found_with_facets(corpus, run_import, client):
    path = corpus / XWLB
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    result = run_import(path)
    seconds = time.perf_counter() - started
    assert result.code == 0, result.output
    print(f"\nxwlb: {len(records)} records, {result.lines[0]}, {seconds:.1f} s, {len(records) / seconds:.0f} records/s")
    assert len(records) == 11794
    duplicates = len(records) - Article.objects.count()
    print(f"xwlb: {duplicates} records repeat a text already imported")
    assert result.lines[0].endswith(f"{len(records)} created") if duplicates == 0 else "reprint" in result.lines[0]

    truth = {
        pk
        for pk, title, body in Article.objects.values_list("pk", "title", "body")
        if "断卡" in normalise(title + body)
    }
    found = set(Article.objects.search("断卡").values_list("pk", flat=True))
    assert truth and found == truth

    data = client.get("/api/articles/", {"q": "断卡"}).json()
    assert data["count"] == len(truth)
    campaigns = {f["name"]: f["count"] for f in data["facets"]["campaign"]}
    expected = CampaignMention.objects.filter(article__in=truth, campaign__name="断卡").aggregate(n=Count("id"))["n"]
    assert campaigns["断卡"] == expected > 0
    years = {f["slug"]: f["count"] for f in data["facets"]["year"]}
    assert sum(years.values()) == len(truth) and set(years) <= {"2020", "2021"}

    again = run_import(path)
    assert again.lines[0].endswith("11794 unchanged")

    # The judged query set of eval_search: every class at recall 1 and precision 1.
    texts = {pk: normalise(f"{t}\n{b}") for pk, t, b in Article.objects.values_list("pk", "title", "body")}
    names = sorted(Alias.objects.values_list("name", flat=True))
    queries = build_queries(list(texts.values()), names)
    assert len(queries) >= 100
    scores = evaluate(queries, texts, lambda q: Article.objects.search(q).values_list("pk", flat=True))
    assert set(scores) == {"name", "substring", "multi_word", "traditional", "phrase", "exclusion", "either"}
    for kind, results in scores.items():
        assert all(result == (1.0, 1.0) for result in results), kind
