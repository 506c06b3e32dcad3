"""Writing the index in bulk: the tsvector literals the import's workers make, and on PostgreSQL the
merger that folds the GIN pending lists into the index from a connection of its own while the
import's one transaction is still open."""

import json
import logging
import time

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from archive.models import Article
from archive.search import backend, postgres

ROWS = 120  # more than write_rows's bulk threshold (50)


def one_at_a_time(lexemes):
    return " ".join(map(postgres._lexeme, lexemes))


@given(st.lists(st.text(alphabet="ab中' \\", max_size=5), max_size=6))
def test_tsvector_literals_quote_as_one_lexeme_at_a_time_would(lexemes):
    assert postgres._tsvector(lexemes) == one_at_a_time(lexemes)


def test_tsvector_literals_of_grams_are_quoted_together():
    assert postgres._tsvector(["电信", "诈骗", "2020"]) == "'电信' '诈骗' '2020'"
    assert postgres._tsvector(["it's", "a\\b"]) == "'it''s' 'a\\\\b'"
    assert postgres._tsvector([]) == ""


@pytest.fixture
def articles(db):
    if connection.vendor != "postgresql":
        pytest.skip("GIN pending lists are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")  # rolled back with the test
    body = "公安部第{}号通报:“断卡”行动打击电信网络诈骗。"
    made = [Article(title=f"第{n}号通报", body=body.format(n)) for n in range(2 * ROWS)]
    for article in made:
        article.derive_fields()
    Article.objects.bulk_create(made)
    return [(a.pk, *backend().document(a.title, a.body)) for a in made]


def pending_pages() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pending_pages FROM pgstatginindex('archive_search_grams')")
        return cursor.fetchone()[0]


def pending_limit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW gin_pending_list_limit")
        return cursor.fetchone()[0]


def test_the_merger_folds_the_pending_list_into_the_index_while_the_transaction_is_open(articles):
    backend().write_rows(articles[:ROWS])
    assert pending_pages() > 0  # the writer appended them and nobody merged: under its own 64 MB limit
    assert pending_limit() == "64MB"

    with backend().bulk_writing():
        backend().write_rows(articles[ROWS:])
        assert pending_limit() == "4GB"  # the writer leaves the merging to the merger
        deadline = time.monotonic() + 30
        while pending_pages() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pending_pages() == 0
    assert postgres._merger is None
    assert Article.objects.search("断卡").count() == 2 * ROWS
    assert Article.objects.search("第7号").count() == 1


def test_an_import_whose_merger_cannot_connect_merges_the_lists_itself(articles, monkeypatch, caplog):
    def refuse(alias):
        raise OSError("connection refused")

    monkeypatch.setattr(postgres.connections, "create_connection", refuse)
    with caplog.at_level(logging.ERROR, logger="archive.search.postgres"), backend().bulk_writing():
        postgres._merger.join(timeout=10)
        backend().write_rows(articles)
        assert pending_limit() == "64MB"
    assert "merging the search index's pending lists failed" in caplog.text
    assert Article.objects.search("断卡").count() == 2 * ROWS


def estimated_rows(sql: str, params) -> float:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return cursor.fetchone()[0][0]["Plan"]["Plan Rows"]


def test_a_large_first_import_keeps_the_planners_statistics_as_it_goes(db, tmp_path, run_import):
    """Autovacuum cannot see an open import's rows: the import analyzes the tables it looks rows
    up in, in its own transaction, so its lookups are planned for what is there (a plan for empty
    tables read every fingerprint band again for each batch)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    body = "第{n}号通报:公安部会同中国人民银行部署“断卡”行动,第{n}批打击电信网络诈骗的案件{n}起。"
    records = [
        {"title": f"通报{n}", "body": body.format(n=n) * 3, "url": f"https://b.test/{n}", "date": "2021-03-01"}
        for n in range(700)
    ]
    (tmp_path / "many.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    result = run_import(tmp_path / "many.jsonl", workers=2)
    assert result.code == 0, result.output
    one = Article.objects.values_list("pk", flat=True).first()
    # Each article has 32 band rows, and the statistics taken after the first 500 articles know it.
    assert 16 <= estimated_rows("SELECT * FROM archive_fingerprintband WHERE article_id = %s", [one]) <= 64
