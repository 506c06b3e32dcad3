"""A document's diffusion page: who cited or implemented it, at which level, where and how soon."""

from datetime import date

import pytest
from django.urls import reverse

from archive.documents.diffusion import Reach, by_level, diffusion_of, per_period
from archive.documents.levels import Level, Place
from archive.models import Article
from tests.factories import make_article

from .conftest import HANGZHOU, JIANGSU, TONGLU, ZHEJIANG

pytestmark = pytest.mark.django_db


def diffusion(client, document):
    return client.get(reverse("document_diffusion", args=[document.article_id]))


def test_the_citing_documents_come_by_date_with_the_second_hop_marked_indirect(story):
    reach = diffusion_of(story["central"])
    assert [r.document.article.title for r in reach] == [ZHEJIANG, JIANGSU, HANGZHOU, TONGLU]
    assert [r.indirect for r in reach] == [False, False, True, True]
    assert reach[2].via == [story["zhejiang"]]
    assert [r.lag for r in reach] == [40, 61, 106, 154]  # days from 2021-03-01
    assert [r.place for r in reach] == [
        Place(Level.PROVINCIAL, "浙江"),
        Place(Level.PROVINCIAL, "江苏"),
        Place(Level.MUNICIPAL, "浙江"),
        Place(Level.COUNTY, ""),
    ]


def test_the_page_groups_them_by_level_and_region_with_the_median_lag(client, story):
    response = diffusion(client, story["central"])
    assert response.status_code == 200
    html = response.content.decode()
    provincial, municipal, county = (html.index(f'id="level-{name}"') for name in ("provincial", "municipal", "county"))
    assert provincial < html.index(ZHEJIANG) < html.index(JIANGSU) < municipal < html.index(HANGZHOU) < county
    assert "<h3>浙江</h3>" in html and "<h3>江苏</h3>" in html
    levels = {group.level: group for group in response.context["levels"]}
    assert (levels["provincial"].count, levels["provincial"].median_lag) == (2, 50.5)
    assert "50.5" in html and "滞后 40 天" in html
    assert f'<a href="{story["zhejiang"].get_absolute_url()}">' in html
    assert 'class="indirect"' in html


def test_the_chart_counts_each_level_per_month_and_its_table_says_the_same(client, story):
    response = diffusion(client, story["central"])
    chart = response.context["chart"]
    assert chart["periods"] == ["2021-04", "2021-05", "2021-06", "2021-07", "2021-08"]
    assert {s["level"]: s["counts"] for s in chart["series"]} == {
        "provincial": [1, 1, 0, 0, 0],
        "municipal": [0, 0, 1, 0, 0],
        "county": [0, 0, 0, 0, 1],
    }
    html = response.content.decode()
    assert 'id="diffusion-chart"' in html and '<th scope="row">2021-06</th><td>0</td><td>1</td><td>0</td>' in html


def test_over_more_than_two_years_the_chart_counts_per_year():
    def reach(day, level):
        return Reach(document=None, place=Place(level), date=day, lag=None)

    chart = per_period([reach(date(2019, 5, 1), Level.CENTRAL), reach(date(2022, 1, 1), Level.COUNTY)])
    assert chart["periods"] == ["2019", "2020", "2021", "2022"] and chart["granularity"] == "year"
    assert by_level([reach(date(2019, 5, 1), Level.CENTRAL)])[0].median_lag is None


def test_a_document_no_one_cites_says_so(client, story):
    response = diffusion(client, story["tonglu"])
    assert response.status_code == 200 and response.context["reach"] == []


def test_a_withdrawn_citing_document_is_left_out(client, story):
    Article.objects.filter(pk=story["jiangsu"].pk).update(status=Article.Status.WITHDRAWN)
    titles = [r.document.article.title for r in diffusion(client, story["central"]).context["reach"]]
    assert JIANGSU not in titles and ZHEJIANG in titles


def test_an_article_without_a_record_has_no_diffusion_page(client, db):
    article = make_article(title="一则新闻", body="记者从公安部获悉,今年以来成效明显。")
    assert client.get(reverse("document_diffusion", args=[article.pk])).status_code == 404
    assert client.get(reverse("document_diffusion", args=[999999])).status_code == 404


def test_the_page_is_served_in_english_too(client, story):
    response = client.get(reverse("document_diffusion", args=[story["central"].pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and '<html lang="en"' in response.content.decode()
