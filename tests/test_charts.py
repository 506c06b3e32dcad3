"""Charts: per-year counts passed with json_script, a table that is the chart without JavaScript,
each year a link that filters; the library is vendored, nothing is fetched from elsewhere."""

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings

from archive.models import SHANGHAI

from .factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    made = []
    for n, year in enumerate([2019, 2020, 2020, 2021, 2021, 2021]):
        body = "公安部开展“断卡”行动。" if n % 2 else "人民银行通报。"
        made.append(make_article(title=f"第{n}篇", body=body, published_at=datetime(year, 5, 1, tzinfo=SHANGHAI)))
    return made


def chart_data(html):
    match = re.search(r'<script id="year-chart" type="application/json">(.*?)</script>', html, re.S)
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
