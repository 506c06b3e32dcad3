"""/export.csv, /export.jsonl and /feed.atom: exactly the list page's search, streamed; bad
parameters are a 400, never a 500."""

import csv
import json
from datetime import datetime
from io import StringIO

import pytest
from lxml import etree

from archive.models import SHANGHAI

from ..factories import make_article

pytestmark = pytest.mark.django_db
QUERY = {"q": "电信网络诈骗", "agency": "ministry-of-public-security", "date_from": "2020-01-01", "sort": "newest"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def forty_six_articles():
    articles = []
    for n in range(45):
        articles.append(
            make_article(
                title=f"第{n}期 打击治理电信网络诈骗通报" if n % 3 else f"第{n}期 教育新闻",
                body=("公安部通报电信网络诈骗案件。" if n % 4 else "人民银行部署工作。") + f"第{n}号。",
                published_at=datetime(2019 + n % 5, 1 + n % 12, 1 + n % 27, tzinfo=SHANGHAI),
            )
        )
    articles.append(make_article(title="=HYPERLINK(1) 电信网络诈骗", body="公安部:电信网络诈骗。+1 -1 @1"))
    return articles


def api_ids(client, params):
    ids, page = [], 1
    while True:
        data = client.get("/api/articles/", {**params, "page": page}).json()
        ids += [r["id"] for r in data["results"]]
        if page >= data["num_pages"]:
            return ids, data["count"]
        page += 1


def body(response):
    return b"".join(response.streaming_content).decode()


def test_csv_of_a_filtered_search_is_the_apis_results_in_order(client, forty_six_articles):
    ids, count = api_ids(client, QUERY)
    assert 20 < count < len(forty_six_articles)
    response = client.get("/export.csv", QUERY)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(StringIO(body(response).lstrip("\ufeff"))))
    assert [int(r["id"]) for r in rows] == ids


def test_csv_cells_that_would_be_formulas_are_escaped(client, forty_six_articles):
    rows = list(csv.DictReader(StringIO(body(client.get("/export.csv", {"q": "HYPERLINK"})).lstrip("\ufeff"))))
    assert rows[0]["title"] == "'=HYPERLINK(1) 电信网络诈骗"
    assert rows[0]["body"] == "公安部:电信网络诈骗。+1 -1 @1"  # not at the start: left alone


def test_jsonl_is_the_same_search(client, forty_six_articles):
    ids, _ = api_ids(client, QUERY)
    response = client.get("/export.jsonl", QUERY)
    records = [json.loads(line) for line in body(response).splitlines()]
    assert [r["id"] for r in records] == ids
    assert {"title", "published_at", "agencies", "campaigns", "body", "urls"} <= set(records[0])


def test_atom_feed_is_valid_xml_with_the_same_entries(client, forty_six_articles):
    ids, _ = api_ids(client, QUERY)
    response = client.get("/feed.atom", QUERY)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert [int(link.rstrip("/").rsplit("/", 1)[1]) for link in links] == ids
    assert feed.find(f"{ATOM}title").text.endswith("电信网络诈骗")


def test_the_list_page_links_its_exports(client, forty_six_articles):
    page = client.get("/", {**QUERY, "page": 2}).content.decode()
    assert (
        'href="/export.csv?q=' in page
        and 'href="/feed.atom?q=' in page
        and "page=2" not in page.split("exports")[1][:400]
    )


@pytest.mark.parametrize("path", ["/export.csv", "/export.jsonl", "/feed.atom"])
@pytest.mark.parametrize("bad", [{"year": "abc"}, {"date_from": "2020-13-45"}, {"agency": "no-such"}, {"sort": "x"}])
def test_bad_parameters_are_a_400_with_the_reason(client, forty_six_articles, path, bad):
    response = client.get(path, bad)
    assert response.status_code == 400
    assert next(iter(bad)) in response.content.decode()


def test_the_openapi_description_is_valid_and_names_every_parameter(client):
    from openapi_spec_validator import validate

    from archive.filters import ArticleFilter

    spec = client.get("/api/openapi.json").json()
    validate(spec)
    names = {p["name"] for p in spec["paths"]["/api/articles/"]["get"]["parameters"]}
    assert names == {*ArticleFilter.base_filters, "fields", "page"}
    assert {"/export.csv", "/export.jsonl", "/feed.atom"} <= set(spec["paths"])


def test_api_pages_are_stable_and_cover_the_results_once(client, forty_six_articles):
    ids, count = api_ids(client, {"sort": "newest"})
    assert len(ids) == len(set(ids)) == count == len(forty_six_articles)
    assert api_ids(client, {"sort": "newest"})[0] == ids


def test_feed_leaves_out_control_characters_xml_cannot_carry(client):
    make_article(title="标题\x0b含垂直制表符", body="正文\x01含\x1f控制字符,断卡。", author="作\x08者")
    response = client.get("/feed.atom", QUERY_STRING="q=%01%E6%96%AD%E5%8D%A1%1F")  # q="\x01断卡\x1f"
    assert response.status_code == 200
    feed = etree.fromstring(response.content)
    assert feed.findtext(f"{ATOM}title").endswith(" · 断卡")
    assert feed.findtext(f"{ATOM}entry/{ATOM}title") == "标题含垂直制表符"
    assert feed.findtext(f"{ATOM}entry/{ATOM}summary").startswith("正文含")
    assert feed.findtext(f"{ATOM}entry/{ATOM}author/{ATOM}name") == "作者"
