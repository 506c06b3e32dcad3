"""The list page, the API, article, agency and campaign pages, as a researcher requests them."""

import json
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import SHANGHAI, Article

from ..conftest import assert_answers
from ..factories import make_article

pytestmark = pytest.mark.django_db


def at(year, month=6, day=1):
    return datetime(year, month, day, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def five_fraud_articles():
    return [
        make_article(
            title="断卡行动启动",
            body="公安部、工信部、人民银行联合开展“断卡”行动,打击电信网络诈骗。",
            published_at=at(2020, 10, 10),
        ),
        make_article(
            title="央行部署断卡检查",
            body="中国人民银行部署“断卡”专项检查,防范电信网络诈骗。",
            published_at=at(2021),
            source="新华社",
        ),
        make_article(
            title="云剑行动成果", body="公安部通报“云剑-2021”行动成果,电信网络诈骗案件下降。", published_at=at(2022)
        ),
        make_article(
            title="净网专项行动", body="公安部部署“净网2021”专项行动,整治网络乱象。", published_at=at(2021, 3, 1)
        ),
        make_article(title="教育工作会议", body="教育部召开全国教育工作会议。", published_at=at(2019)),
    ]


def api(client, query=""):
    response = client.get(f"/api/articles/?{query}")
    return response.status_code, response.json()


def titles(data):
    return [r["title"] for r in data["results"]]


def test_the_researchers_question(client, five_fraud_articles):
    status, data = api(
        client,
        "q=电信网络诈骗&campaign=duanka&agency=peoples-bank-of-china&agency=ministry-of-public-security"
        "&date_from=2020-01-01&date_to=2022-12-31",
    )
    assert status == 200
    assert set(titles(data)) == {"断卡行动启动", "央行部署断卡检查"}
    years = {f["slug"]: f["count"] for f in data["facets"]["year"]}
    assert years == {"2020": 1, "2021": 1}
    agencies = {f["name"]: f["count"] for f in data["facets"]["agency"]}
    assert agencies["中国人民银行"] == 2
    campaigns = {f["name"]: f["count"] for f in data["facets"]["campaign"]}
    assert campaigns["断卡"] == 2 and campaigns["云剑"] == 1  # the campaign facet ignores its own filter


def test_same_question_in_traditional_characters(client, five_fraud_articles):
    _, simplified = api(client, "q=电信网络诈骗 断卡")
    _, traditional = api(client, "q=電信網絡詐騙 斷卡")
    assert titles(simplified) == titles(traditional) and len(titles(simplified)) == 2


def test_two_values_of_a_facet_mean_either_and_two_facets_mean_both(client, five_fraud_articles):
    _, either = api(client, "campaign=duanka&campaign=jingwang")
    assert len(either["results"]) == 3
    _, both = api(client, "campaign=duanka&source=xinhua")
    assert titles(both) == ["央行部署断卡检查"]


def test_sorts_are_exact(client, five_fraud_articles):
    _, newest = api(client, "sort=newest")
    _, oldest = api(client, "sort=oldest")
    assert titles(newest) == list(reversed(titles(oldest)))
    assert titles(oldest)[0] == "教育工作会议"


def test_relevance_puts_title_matches_first(client, five_fraud_articles):
    _, data = api(client, "q=断卡&sort=relevance")
    assert titles(data)[:2] == ["央行部署断卡检查", "断卡行动启动"]


def test_withdrawn_articles_are_not_listed(client, five_fraud_articles):
    Article.objects.filter(title="教育工作会议").update(status=Article.Status.WITHDRAWN)
    _, data = api(client)
    assert "教育工作会议" not in titles(data)
    assert client.get(five_fraud_articles[-1].get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "query, wrong",
    [
        ("agency=no-such-agency", "agency"),
        ("date_from=2021-13-45", "date_from"),
        ("year=abc", "year"),
        ("sort=sideways", "sort"),
        ("q=%00", "q"),
        ("source=", "source"),
    ],
)
def test_malformed_parameters_are_named_and_odd_ones_ignored(client, five_fraud_articles, query, wrong):
    """A malformed filter: the list page names it above an empty list, the API answers 400 naming it.
    (A NUL in the query and an empty source are malformed too.) Page numbers: tests/core/test_paging.py."""
    page = client.get(f"/?{query}")
    html = assert_answers(page, 200)
    api_response = client.get(f"/api/articles/?{query}")
    if wrong:
        assert set(page.context["filter"].errors) == {wrong} and f"<code>{wrong}</code>" in html
        assert page.context["page_obj"].paginator.count == 0
        assert_answers(api_response, 400, naming=[wrong])
    else:
        assert not page.context["filter"].errors and 'class="errors"' not in html
        assert page.context["page_obj"].paginator.count == len(five_fraud_articles)
        assert_answers(api_response, 200)
        assert api_response.json()["count"] == len(five_fraud_articles)


def test_malformed_parameter_shows_a_form_error_and_an_empty_list(client, five_fraud_articles):
    response = client.get("/?agency=no-such-agency")
    assert "no-such-agency" in response.content.decode()
    assert response.context["page_obj"].paginator.count == 0
    status, data = api(client, "date_from=2021-13-45")
    assert status == 400 and "date_from" in data["errors"]


def test_list_page_shows_facets_snippets_and_keeps_filters_in_links(client, five_fraud_articles):
    page = client.get("/?q=断卡&campaign=duanka").content.decode()
    assert "<mark>断卡</mark>" in page
    assert "campaign=duanka" in page and "中国人民银行" in page
    assert "共 2 篇" in page


def test_stored_markup_is_shown_as_text(client):
    make_article(title="<script>alert(1)</script>标题", body="<img src=x onerror=alert(1)>断卡正文")
    page = client.get("/?q=断卡").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page


def test_article_page_links_agencies_and_campaigns(client, five_fraud_articles):
    page = client.get(five_fraud_articles[0].get_absolute_url()).content.decode()
    assert "?agency=ministry-of-public-security" in page and "?campaign=duanka" in page
    assert "https://pages.test/" in page


def test_agency_and_campaign_pages_list_their_articles(client, five_fraud_articles):
    page = client.get("/agencies/peoples-bank-of-china/").content.decode()
    assert "央行部署断卡检查" in page and "教育工作会议" not in page
    page = client.get("/campaigns/duanka/").content.decode()
    assert "断卡行动启动" in page
    agencies = assert_answers(client.get("/agencies/"), 200)
    assert '"/agencies/peoples-bank-of-china/"' in agencies and "中国人民银行" in agencies
    campaigns = assert_answers(client.get("/campaigns/"), 200)
    assert '"/campaigns/duanka/"' in campaigns and "断卡" in campaigns


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["q", "agency", "campaign", "source", "year", "date_from", "date_to", "sort", "page"]),
        st.text(max_size=20),
        max_size=5,
    )
)
def test_no_parameter_value_gives_a_500(client, five_fraud_articles, params):
    """A malformed filter is named by both; a page that names no page of the list is not found."""
    page = client.get("/", params)
    assert_answers(page, 200, 404)
    response = client.get("/api/articles/", params)
    assert_answers(response, 200, 400, 404, naming=params)
    if page.status_code == 404:
        assert response.status_code in (400, 404) and set(response.json()["errors"]) & {"page", *params}
    else:
        assert (response.status_code == 400) == bool(page.context["filter"].errors)


def test_cached_facet_counts_change_as_soon_as_articles_do(client, five_fraud_articles):
    before = {f["name"]: f["count"] for f in client.get("/api/articles/").json()["facets"]["campaign"]}
    make_article(title="新的断卡通报", body="公安部通报“断卡”行动新进展。")
    after = {f["name"]: f["count"] for f in client.get("/api/articles/").json()["facets"]["campaign"]}
    assert after["断卡"] == before["断卡"] + 1
    Article.objects.filter(title="新的断卡通报").delete()
    again = {f["name"]: f["count"] for f in client.get("/api/articles/").json()["facets"]["campaign"]}
    assert again == before


def test_cached_facets_follow_a_bulk_import_and_an_admin_withdrawal(
    client, five_fraud_articles, admin_client, tmp_path
):
    def duanka():
        facets = client.get("/api/articles/").json()["facets"]["campaign"]
        return next(f["count"] for f in facets if f["name"] == "断卡")

    before = duanka()
    record = {"title": "批量导入的通报", "body": "开展“断卡”行动。", "date": "2023-01-01"}
    (tmp_path / "one.jsonl").write_text(json.dumps(record, ensure_ascii=False))
    call_command("import_articles", str(tmp_path), stdout=StringIO())
    assert duanka() == before + 1
    article = Article.objects.get(title="批量导入的通报")
    admin_client.post("/admin/archive/article/", {"action": "withdraw", "_selected_action": [article.pk]})
    assert duanka() == before
