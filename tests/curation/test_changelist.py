"""The article changelist at any size: its year filter, its counts and its rows (archive/curation/changelist.py)."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.curation import changelist
from archive.models import SHANGHAI, Article

from ..factories import make_article

pytestmark = pytest.mark.django_db
URL = "admin:archive_article_changelist"


@pytest.fixture
def articles():
    made = [
        make_article(
            title=f"断卡通报{n}",
            body=f"第{n}批:公安部开展“断卡”行动。",
            published_at=datetime(year, 3, n, tzinfo=SHANGHAI),
        )
        for n, year in enumerate((2019, 2021, 2021, 2023), start=1)
    ]
    undated = make_article(title="未注明日期的通知", body="公安部通知。", published_at=None)
    return [*made, undated]


def test_the_year_filter_offers_each_year_present_and_the_undated_without_reading_every_row(admin_client, articles):
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse(URL))
    year_filter = next(f for f in response.context["cl"].filter_specs if getattr(f, "parameter_name", "") == "year")
    assert [value for value, _ in year_filter.lookup_choices] == ["2019", "2021", "2023", "none"]
    assert not [q for q in queries if "DISTINCT" in q["sql"].upper()]

    def found(value):
        return {a.pk for a in admin_client.get(reverse(URL), {"year": value}).context["cl"].result_list}

    assert found("2021") == {articles[1].pk, articles[2].pk}
    assert found("none") == {articles[4].pk}
    assert found("abc") == {a.pk for a in articles}  # a malformed year filters nothing, and is no error


def test_the_changelist_reads_no_body(admin_client, articles):
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse(URL))
    assert len(response.context["cl"].result_list) == 5
    rows = [
        q["sql"] for q in queries if q["sql"].startswith('SELECT "archive_article"."id", "archive_article"."title"')
    ]
    assert rows and not any('"archive_article"."body"' in sql for sql in rows)


def test_counts_are_exact_below_the_estimate_threshold(admin_client, articles):
    response = admin_client.get(reverse(URL), {"q": "断卡"})
    assert response.context["cl"].result_count == 4 and not response.context["cl"].paginator.estimated
    assert "约" not in response.content.decode().split('class="paginator"')[1]


def test_a_large_result_shows_postgresqls_estimate_and_sqlite_counts(admin_client, articles, monkeypatch):
    monkeypatch.setattr(changelist, "ESTIMATE_FROM", 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's row counts for the estimate
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse(URL))
    cl = response.context["cl"]
    counted = [q for q in queries if "COUNT(" in q["sql"].upper() and "archive_article" in q["sql"]]
    if connection.vendor == "postgresql":
        assert cl.paginator.estimated and not counted
        assert cl.result_count >= 1  # the planner's estimate of the table's rows
        assert "约" in response.content.decode().split('class="paginator"')[1]
    else:
        assert not cl.paginator.estimated and counted and cl.result_count == Article.objects.count()


def test_the_campaign_filter_with_an_unknown_campaign_lists_nothing(admin_client, articles):
    response = admin_client.get(reverse(URL), {"campaign": "no-such"})
    assert response.status_code == 200 and list(response.context["cl"].result_list) == []
    listed = admin_client.get(reverse(URL), {"campaign": "duanka"}).context["cl"].result_list
    assert {a.pk for a in listed} == {a.pk for a in articles[:4]}
