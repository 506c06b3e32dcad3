"""Charts: per-year counts (per month when the filters narrow to one year) passed with json_script,
a table that is the chart without JavaScript, each year or month a link that filters; the library
is vendored, nothing is fetched from elsewhere, and the list page stays light."""

import gzip
import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from archive.models import SHANGHAI, Agency, Article, Campaign, CampaignMention

from ..conftest import assert_answers
from ..factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    made = []
    for n, year in enumerate([2019, 2020, 2020, 2021, 2021, 2021]):
        body = "公安部开展“断卡”行动。" if n % 2 else "人民银行通报。"
        made.append(make_article(title=f"第{n}篇", body=body, published_at=datetime(year, 5, 1, tzinfo=SHANGHAI)))
    return made


def chart_data(html):
    match = re.search(r'<script id="time-chart" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_the_list_page_chart_follows_the_search_and_filters_by_year(client, articles):
    html = client.get("/", {"q": "断卡"}).content.decode()
    points = chart_data(html)
    assert [(p["year"], p["count"]) for p in points] == [(2020, 1), (2021, 2)]
    assert '<table class="chart-table">' in html and 'href="/?q=' in html
    narrowed = client.get(points[1]["url"])  # the table's (and the bar's) link
    assert narrowed.context["page_obj"].paginator.count == 2
    assert narrowed.context["filter"].form.cleaned_data["year"] == [2021]


def test_an_agency_page_charts_its_mentions_per_year(client, articles):
    html = client.get("/agencies/ministry-of-public-security/").content.decode()
    points = chart_data(html)
    assert [(p["year"], p["count"]) for p in points] == [(2020, 1), (2021, 2)]
    assert points[0]["url"] == "/?agency=ministry-of-public-security&year=2020"
    assert chart_data(client.get("/campaigns/duanka/").content.decode())[1]["count"] == 2


def test_scripts_and_styles_are_the_sites_own(client, articles):
    html = client.get("/").content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    vendored = Path(settings.BASE_DIR) / "static" / "vendor" / "uplot"
    assert (vendored / "uPlot.iife.min.js").stat().st_size > 40_000 and (vendored / "LICENSE").exists()


@pytest.fixture
def months():
    """Articles across 2020-2021, and either side of midnight at the end of January 2021."""
    made = []
    for n in range(30):
        body = "公安部开展“断卡”行动。" if n % 3 else "人民银行通报“云剑”行动。"
        moment = datetime(2020 + n % 2, 1 + n % 12, 1 + n % 28, 10, tzinfo=SHANGHAI)
        made.append(make_article(title=f"月{n}", body=body, published_at=moment))
    made.append(make_article(title="一月末", body="断卡", published_at=datetime(2021, 1, 31, 23, 30, tzinfo=SHANGHAI)))
    made.append(make_article(title="二月初", body="断卡", published_at=datetime(2021, 2, 1, 0, 30, tzinfo=SHANGHAI)))
    Article.objects.filter(pk=made[4].pk).update(status=Article.Status.WITHDRAWN)
    return made


def orm_per_month(year, **filters):
    """Brute force: published articles of that year per Beijing month."""
    articles = Article.objects.published().filter(year=year, **filters)
    return dict(sorted(Counter(a.published_at.astimezone(SHANGHAI).month for a in articles).items()))


def counted(points):
    return {p["month"]: p["count"] for p in points if p["count"]}


@pytest.mark.parametrize(
    "query",
    [
        "year=2021",
        "year=2021&date_from=2021-03-01",
        "date_from=2021-01-01&date_to=2021-12-31",
        "year=2020&year=2021&date_to=2020-12-31",
    ],
)
def test_a_single_year_is_charted_per_month_as_the_orm_counts(client, months, query):
    response = client.get(f"/?{query}")
    chart = response.context["chart"]
    year = 2020 if "date_to=2020" in query else 2021
    assert (chart.granularity, chart.year) == ("month", year)
    assert [p["month"] for p in chart.points] == list(range(1, 13))
    assert counted(chart_data(response.content.decode())) == orm_per_month(year)
    assert '<th scope="col">月份</th>' in response.content.decode()


def test_more_than_one_year_is_charted_per_year(client, months):
    for query in ["", "year=2020&year=2021", "date_from=2020-06-01&date_to=2021-06-30", "date_from=2021-01-01"]:
        assert client.get(f"/?{query}").context["chart"].granularity == "year"


def test_the_month_chart_follows_the_other_filters(client, months):
    html = client.get("/", {"year": "2021", "q": "断卡", "agency": "ministry-of-public-security"}).content.decode()
    mps = Article.objects.filter(agency_mentions__agency__slug="ministry-of-public-security")
    assert counted(chart_data(html)) == orm_per_month(2021, pk__in=mps.filter(body__contains="断卡"))


def test_a_month_is_a_link_to_its_first_and_last_day(client, months):
    points = chart_data(client.get("/", {"year": "2021", "campaign": "duanka"}).content.decode())
    february = points[1]
    assert february["url"] == "/?year=2021&campaign=duanka&date_from=2021-02-01&date_to=2021-02-28"
    narrowed = client.get(february["url"])
    assert narrowed.context["page_obj"].paginator.count == february["count"]
    assert "二月初" in narrowed.content.decode() and "一月末" not in narrowed.content.decode()
    # the month chart is counted without its own date range, so the other months stay in reach
    assert chart_data(narrowed.content.decode()) == points
    assert all(p["url"] == "" for p in points if not p["count"])


def test_an_entity_page_narrowed_to_a_year_charts_its_months(client, months):
    response = client.get("/campaigns/duanka/", {"year": "2021"})
    assert response.context["chart"].granularity == "month"
    duanka = CampaignMention.objects.active().filter(campaign__slug="duanka").values("article_id")
    assert counted(chart_data(response.content.decode())) == orm_per_month(2021, pk__in=duanka)
    assert chart_data(response.content.decode())[0]["url"].startswith(
        "/?campaign=duanka&year=2021&date_from=2021-01-01"
    )


def test_months_before_1991_follow_beijing_summer_time(client):
    # 1988-05-01 00:30 in Beijing was summer time (UTC+9): 1988-04-30 15:30 UTC, May in Beijing.
    make_article(title="夏令时", body="断卡", published_at=datetime(1988, 4, 30, 15, 30, tzinfo=UTC))
    assert counted(client.get("/", {"year": "1988"}).context["chart"].points) == {5: 1}


@pytest.mark.parametrize(
    "query, wrong, found",
    [
        ("year=2021&date_from=2021-02-30", {"date_from"}, 0),
        ("date_from=2021-13-01&date_to=2021-13-31", {"date_from", "date_to"}, 0),
        ("date_to=9999-12-31", {"date_to"}, 0),
        ("date_from=0000-01-01&date_to=0000-12-31", {"date_from", "date_to"}, 0),
        ("year=99999", {"year"}, 0),
        ("year=2021&date_from=2021-12-01&date_to=2021-01-01", set(), 0),
        ("year=2021&date_from=2022-01-01", set(), 0),
        ("chart=month&granularity=week", set(), 31),
    ],
)
def test_malformed_date_filters_are_named_and_odd_ones_answered(client, months, query, wrong, found):
    """A malformed date: the list page names it above an empty list, an entity page names it and drops
    it (all of the entity's articles), the API answers 400 naming it; 9999-12-31 is malformed (it has
    no next day). Odd but well-formed dates (a span backwards, a date outside the year) and unknown
    parameters: what they select, perhaps nothing."""
    page = client.get(f"/?{query}")
    assert_answers(page, 200)
    assert set(page.context["filter"].errors) == wrong
    assert page.context["page_obj"].paginator.count == found
    published = Article.objects.published().filter(campaign_mentions__campaign__slug="duanka").distinct().count()
    campaign = client.get(f"/campaigns/duanka/?{query}")
    assert_answers(campaign, 200)
    assert set(campaign.context["errors"]) == wrong
    if wrong:
        assert campaign.context["span"]["n"] == published and not campaign.context["narrowed"]
    assert_answers(client.get(f"/agencies/ministry-of-public-security/?{query}"), 200)
    response = client.get(f"/api/articles/?{query}")
    assert_answers(response, 400 if wrong else 200, naming=wrong)
    if wrong:
        assert set(response.json()["errors"]) == wrong


def static_bytes(html):
    """What the page's own scripts and styles weigh on the wire: whitenoise serves them compressed."""
    found = re.findall(r'<(?:script|link)[^>]+(?:src|href)="/static/([^"]+)"', html)
    return sum(len(gzip.compress((Path(settings.BASE_DIR) / "static" / path).read_bytes(), 9)) for path in found)


def test_the_list_page_with_its_chart_stays_under_100_kb(client):
    """Twenty results, full facets and a chart of 32 years (or 12 months): the page as gunicorn
    sends it (uncompressed) and its scripts and styles as whitenoise sends them (gzip)."""
    agencies = list(Agency.objects.values_list("name", flat=True)[:45])
    campaigns = list(Campaign.objects.values_list("name", flat=True))
    for n in range(60):
        names = "、".join(agencies[(n * 3 + k) % 45] for k in range(3))
        quoted = "".join(f"“{campaigns[(n * 2 + k) % len(campaigns)]}”" for k in range(2))
        body = f"{names}联合开展{quoted}专项行动,严厉打击电信网络诈骗违法犯罪活动,切实维护人民群众财产安全。" * 4
        moment = datetime(1995 + n % 32, 1 + n % 12, 1 + n % 28, tzinfo=SHANGHAI)
        make_article(title=f"关于开展打击电信网络诈骗专项行动的通知(第{n}号)", body=body, published_at=moment)
    for query in [{"q": "电信网络诈骗"}, {"q": "电信网络诈骗", "year": "2021"}, {}]:
        response = client.get("/", query)
        assert len(response.context["chart"].points) >= 12 and len(response.context["page_obj"]) >= 2
        html = response.content.decode()
        assert len(html.encode()) + static_bytes(html) < 100_000, (query, len(html.encode()), static_bytes(html))
