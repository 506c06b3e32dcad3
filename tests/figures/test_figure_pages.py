"""/figures/, /figures/series/ and /figures.csv: the figures articles report, filtered like the list
page, each linked to its sentence; the CSV is the page's figures; bad parameters never a 500."""

import csv
import json
import re
from datetime import datetime
from io import StringIO

import pytest

from archive.exports import csv_cell
from archive.figures import views as figure_views
from archive.figures.models import Figure, MetricVariant, curator_key
from archive.models import SHANGHAI

from ..factories import make_article

pytestmark = pytest.mark.django_db
SERIES = "破获电信网络诈骗案件"


def at(year, month=1, day=10):
    return datetime(year, month, day, 9, 0, tzinfo=SHANGHAI)


def add_figure(article, text, value, unit, metric, year, **fields):
    """A figure as a curator adds one: the cases the extractor's own texts do not cover."""
    sentence = fields.pop("sentence", f"{year}年,{metric}{text}。")
    return Figure.objects.create(
        article=article,
        key=curator_key(),
        text=text,
        value=value,
        unit=unit,
        metric=metric,
        year=year,
        period=f"{year}年",
        sentence=sentence,
        **fields,
    )


@pytest.fixture
def figures_of_three_articles():
    mps = make_article(
        title="公安部通报2020年打击成果",
        published_at=at(2021),
        body="2020年,公安部共破获电信网络诈骗案件32.2万起,抓获犯罪嫌疑人36.1万名。\n\n全年拦截诈骗资金2720余亿元。",
    )
    pboc = make_article(
        title="人民银行部署断卡行动",
        published_at=at(2022),
        body=(
            "公安部、人民银行联合部署。\n\n2021年,全国共破获电信网络诈骗案件44.1万起。\n\n"
            "人民银行开展“断卡”行动,清理涉诈账户12.5万个,涨幅12.5%。"
        ),
    )
    older = make_article(title="=HYPERLINK(1) 早年通报", published_at=at(2020), body="早年的一则通报。")
    return {
        "mps": mps,
        "pboc": pboc,
        "older": older,
        "variant": add_figure(older, "20万起", 200000, "起", "侦破电诈案件", 2019),
        "larger": add_figure(older, "40万起", 400000, "起", SERIES, 2020, sentence="+据统计,2020年破获案件40万起。"),
        "other_unit": add_figure(older, "50万件", 500000, "件", SERIES, 2022),
        "wrong": add_figure(older, "99万起", 990000, "起", SERIES, 2018, review=Figure.Review.WRONG),
        "link": MetricVariant.objects.create(name="侦破电诈案件", series=SERIES),
    }


def texts(response):
    return [f.text for f in response.context["page_obj"]]


def csv_rows(response):
    assert response.status_code == 200 and response.streaming
    content = b"".join(response.streaming_content).decode()
    assert content.startswith("\ufeff")
    return list(csv.DictReader(StringIO(content.lstrip("\ufeff"))))


def test_the_list_shows_every_kept_figure_newest_article_first(client, figures_of_three_articles):
    response = client.get("/figures/")
    assert response.status_code == 200
    assert texts(response)[:3] == ["44.1万起", "12.5万个", "12.5%"]
    assert "99万起" not in texts(response) and "99万起" not in response.content.decode()
    assert len(texts(response)) == 9


def test_metric_words_match_in_simplified_and_traditional(client, figures_of_three_articles):
    simplified = texts(client.get("/figures/", {"q": "诈骗 案件"}))
    assert set(simplified) == {"32.2万起", "44.1万起", "40万起", "50万件"}
    assert set(texts(client.get("/figures/", {"q": "詐騙  案件"}))) == set(simplified)
    assert texts(client.get("/figures/", {"q": "诈骗 账户"})) == []


def test_an_agency_is_a_figures_when_its_sentence_or_else_its_article_names_it(client, figures_of_three_articles):
    mps = texts(client.get("/figures/", {"agency": "ministry-of-public-security"}))
    # 2720余亿元's and 44.1万起's sentences name nobody: their articles mention 公安部.
    assert set(mps) == {"32.2万起", "36.1万名", "2720余亿元", "44.1万起"}
    # 12.5万个's sentence names 人民银行 only, though its article mentions 公安部 too.
    pboc = texts(client.get("/figures/", {"agency": "peoples-bank-of-china"}))
    assert set(pboc) == {"44.1万起", "12.5万个", "12.5%"}
    both = texts(client.get("/figures/", {"agency": ["ministry-of-public-security", "peoples-bank-of-china"]}))
    assert sorted(both) == sorted(set(mps) | set(pboc))  # each figure once


def test_campaign_year_range_and_unit_narrow_the_figures(client, figures_of_three_articles):
    # 44.1万起's sentence names no campaign: its article's 断卡 counts.
    assert set(texts(client.get("/figures/", {"campaign": "duanka"}))) == {"44.1万起", "12.5万个", "12.5%"}
    assert set(texts(client.get("/figures/", {"year_from": "2021"}))) == {"44.1万起", "12.5万个", "12.5%", "50万件"}
    assert set(texts(client.get("/figures/", {"year_from": "2019", "year_to": "2019"}))) == {"20万起"}
    assert texts(client.get("/figures/", {"unit": "元"})) == ["2720余亿元"]
    assert texts(client.get("/figures/", {"series": SERIES, "sort": "value"})) == [
        "20万起",
        "32.2万起",
        "40万起",
        "44.1万起",
        "50万件",
    ]


def test_facet_counts_are_what_following_them_shows(client, figures_of_three_articles):
    facets = client.get("/figures/", {"q": "诈骗"}).context["facets"]
    for name in ("unit", "year", "agency", "campaign"):
        for item in facets[name]:
            shown = client.get("/figures/", {"q": "诈骗", name: item["key"]}).context["page_obj"].paginator.count
            assert item["count"] == shown, (name, item)
    assert {i["key"] for i in facets["agency"]} == {"ministry-of-public-security", "peoples-bank-of-china"}


def test_the_table_marks_the_figure_in_its_sentence_and_links_to_it(client, figures_of_three_articles):
    html = client.get("/figures/", {"unit": "元"}).content.decode()
    figure = Figure.objects.get(text="2720余亿元")
    assert "全年拦截诈骗资金<mark>2720余亿元</mark>。" in html
    assert f'href="/articles/{figures_of_three_articles["mps"].pk}/#figure-{figure.pk}"' in html
    assert '<data value="272000000000" title="272000000000 元">2720亿</data>元' in html
    assert 'href="/figures/series/?metric=%E6%8B%A6%E6%88%AA%E8%AF%88%E9%AA%97%E8%B5%84%E9%87%91"' in html
    assert 'href="/figures.csv?unit=%E5%85%83"' in html


def test_the_list_names_its_largest_series_with_variants_counted_in(client, figures_of_three_articles):
    series = client.get("/figures/").context["series"]
    assert series[0] == (SERIES, 5)


def test_a_series_lists_every_year_and_variant_with_links_to_the_sentences(client, figures_of_three_articles):
    response = client.get("/figures/series/", {"metric": SERIES})
    html = response.content.decode()
    shown = Figure.objects.kept().in_series(SERIES)
    assert len(shown) == 5 and "侦破电诈案件" in MetricVariant.names_of(SERIES)
    for figure in shown:
        assert f'href="/articles/{figure.article_id}/#figure-{figure.pk}"' in html
    assert [h for h in re.findall(r"<h2>(\d{4})</h2>", html)] == ["2019", "2020", "2021", "2022"]
    assert "<li>侦破电诈案件</li>" in html
    assert "99万起" not in html
    assert 'href="/figures.csv?series=' in html


def test_a_series_chart_draws_the_largest_of_each_year_in_its_commonest_unit(client, figures_of_three_articles):
    html = client.get("/figures/series/", {"metric": SERIES}).content.decode()
    data = json.loads(re.search(r'<script id="series-chart" type="application/json">(.*?)</script>', html, re.S)[1])
    assert [(p["year"], p["exact"]) for p in data] == [(2019, "200000"), (2020, "400000"), (2021, "441000")]
    assert (
        data[1]["url"]
        == f"/articles/{figures_of_three_articles['older'].pk}/#figure-{figures_of_three_articles['larger'].pk}"
    )
    assert '<table class="chart-table">' in html and '<data value="441000" title="441000">44.1万</data>' in html
    assert "只画单位为“起”的数据:4 / 5 条" in html


def test_series_pages_take_the_lists_filters_and_refuse_unknown_metrics(client, figures_of_three_articles):
    narrowed = client.get("/figures/series/", {"metric": SERIES, "agency": "ministry-of-public-security"})
    assert [f.text for f in narrowed.context["figures"]] == ["32.2万起", "44.1万起"]
    assert client.get("/figures/series/", {"metric": "没有这个指标"}).status_code == 404
    assert client.get("/figures/series/").status_code == 404
    assert client.get("/figures/series/", {"metric": "侦破电诈案件"}).status_code == 302
    ignored = client.get("/figures/series/", {"metric": SERIES, "year_from": "abc"})
    assert ignored.status_code == 200 and len(ignored.context["figures"]) == 5
    assert "year_from" in ignored.context["errors"]


@pytest.mark.parametrize("params", [{}, {"q": "诈骗"}, {"agency": "ministry-of-public-security", "sort": "-value"}])
def test_the_csv_is_the_pages_figures_in_the_pages_order(client, figures_of_three_articles, monkeypatch, params):
    monkeypatch.setattr(figure_views, "PAGE_SIZE", 2)
    shown, page = [], 1
    while True:
        response = client.get("/figures/", {**params, "page": page})
        shown += [f.pk for f in response.context["page_obj"]]
        if not response.context["page_obj"].has_next():
            break
        page += 1
    rows = csv_rows(client.get("/figures.csv", params))
    figures = {f.pk: (f.article_id, f.text, csv_cell(f.sentence)) for f in Figure.objects.all()}
    assert len(set(figures.values())) == len(figures)  # a row names its figure
    assert [(int(r["article_id"]), r["text"], r["sentence"]) for r in rows] == [figures[pk] for pk in shown]


def test_csv_values_are_exact_decimals_and_formulas_are_escaped(client, figures_of_three_articles):
    rows = {r["text"]: r for r in csv_rows(client.get("/figures.csv"))}
    assert rows["2720余亿元"]["value"] == "272000000000" and rows["2720余亿元"]["qualifier"] == "more_than"
    assert rows["12.5%"]["value"] == "12.5" and rows["12.5%"]["unit"] == "%"
    assert rows["12.5万个"]["agencies"] == "中国人民银行" and rows["12.5万个"]["campaigns"] == "断卡"
    assert rows["20万起"]["series"] == SERIES and rows["20万起"]["metric"] == "侦破电诈案件"
    assert rows["40万起"]["article_title"] == "'=HYPERLINK(1) 早年通报"
    assert rows["40万起"]["sentence"] == "'+据统计,2020年破获案件40万起。"
    assert rows["32.2万起"]["article_url"] == f"http://testserver/articles/{figures_of_three_articles['mps'].pk}/"
    assert "99万起" not in rows


@pytest.mark.parametrize(
    "params",
    [{"year": "abc"}, {"year_from": "99999999"}, {"agency": "nonexistent"}, {"sort": "bogus"}, {"year_to": "1.5"}],
)
def test_malformed_parameters_give_an_empty_list_with_reasons_and_a_400_csv(client, figures_of_three_articles, params):
    response = client.get("/figures/", params)
    assert response.status_code == 200 and texts(response) == []
    assert set(params) <= set(response.context["filter"].errors)
    assert 'class="errors"' in response.content.decode()
    bad = client.get("/figures.csv", params)
    assert bad.status_code == 400 and next(iter(params)) in bad.content.decode()


def test_the_navigation_links_the_figures_in_both_languages(client, figures_of_three_articles):
    assert '<a href="/figures/">数据</a>' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/figures/series/", {"metric": SERIES}).content.decode()
    assert '<a href="/figures/">Figures</a>' in html and "Value per year" in html


def test_a_metric_with_a_nul_has_no_series(client, figures_of_three_articles):
    """PostgreSQL cannot be asked about a NUL: such a metric is not found, before any query."""
    assert client.get("/figures/series/", {"metric": SERIES}).status_code == 200
    assert client.get("/figures/series/", QUERY_STRING="metric=%00").status_code == 404
    assert client.get("/figures/series/", {"metric": SERIES + "\x00"}).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "999999", "abc"])
def test_a_figures_page_that_does_not_exist_is_not_found(client, figures_of_three_articles, page):
    assert client.get("/figures/", {"page": page}).status_code == 404
    assert client.get("/figures/series/", {"metric": SERIES, "page": page}).status_code == 404
    assert client.get("/figures/", {"page": "1"}).context["page_obj"].number == 1
