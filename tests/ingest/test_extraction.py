"""Titles, dates and addresses on sites the importer has not seen: never a site name or a page control
for the title, never today's date or the page's generation time for the date, a crawler dump's
labelled header believed; and the accuracy on the corpus pages it was not tuned to (bench/extraction.py)."""

import json
from datetime import date, datetime

import pytest

from archive.ingest.dates import find_dates
from archive.ingest.html import parse_html
from archive.ingest.read import read_bytes
from archive.ingest.text import parse_text_dump
from archive.models import SHANGHAI
from bench.extraction import evaluate, summarise

from ..conftest import PAGES, corpus_file

LABELS = json.loads((PAGES / "extraction_labels.json").read_text(encoding="utf-8"))["pages"]
PROSE = "县教育局会同县公安局在全县中小学开展防范电信网络诈骗宣传，提醒学生和家长提高警惕，守好钱袋子。"


def read_page(name: str):
    return read_bytes((PAGES / name).read_bytes(), "text" if name.endswith(".txt") else "html")[0][0]


def local_day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


@pytest.mark.parametrize("name", list(LABELS))
def test_labelled_page_gives_its_title_date_address_and_a_clean_body(name):
    label, page = LABELS[name], read_page(name)
    assert page.title == label["title"]
    want = label["published_at"]
    if len(want) == 10:
        assert local_day(page.published_at) == date.fromisoformat(want)
    else:
        assert page.published_at == datetime.fromisoformat(want)
    assert page.url == label.get("url", page.url)
    assert page.source == label.get("source", page.source)
    assert page.paragraphs[0].startswith(label.get("first", ""))
    assert page.paragraphs[-1].endswith(label.get("last", ""))
    for word in label.get("absent", ()):
        assert word not in page.body, word


def test_a_title_that_is_only_the_site_name_is_not_the_headline():
    page = read_page("hard_site_name_title.html")
    assert page.title != "岚溪县人民政府" and page.site == "岚溪县人民政府"


def test_control_lines_above_the_headline_are_never_the_title():
    page = read_page("hard_controls_above_heading.html")
    assert "字体" not in page.title and "发布日期" not in page.title
    assert page.title == "全县开展“断卡”行动集中宣传日活动"
    assert not page.body.startswith(page.title)  # the headline the article opened with is not its text


def test_the_time_a_page_was_generated_is_not_its_publication_time():
    html = (
        "<html><head><title>县里开展反诈宣传_示例县人民政府</title></head><body>"
        "<div class='top'>页面生成时间：2026-11-30 08:15:02</div><h1>县里开展反诈宣传</h1>"
        f"<div class='content'><p>{PROSE}</p><p>{PROSE}</p></div><p>发布日期：2022-03-08</p></body></html>"
    )
    assert local_day(parse_html(html).published_at) == date(2022, 3, 8)


def test_todays_date_in_the_page_header_is_not_the_publication_time():
    html = (
        "<html><head><title>县里开展反诈宣传 - 示例县人民政府</title>"
        "<link rel='canonical' href='http://www.example.gov.cn/xw/2022-03/08/content_1.htm'></head><body>"
        "<div class='date'>今天是2026年11月30日 星期一</div><h1>县里开展反诈宣传</h1>"
        f"<div class='content'><p>{PROSE}</p><p>{PROSE}</p></div></body></html>"
    )
    assert local_day(parse_html(html).published_at) == date(2022, 3, 8)  # from the page's address


def test_a_labelled_publication_date_outranks_a_bare_date_by_the_headline():
    """A decree's 成文日期 shown bare under its heading is not the day it was published."""
    table = "".join(
        f"<tr><td>{k}：</td><td>{v}</td></tr>"
        for k, v in [
            ("发布日期", "2021年12月28日"),
            ("索引号", "X-2021-1"),
            ("文号", "示政发〔2021〕9号"),
            ("主题", "公安"),
        ]
    )
    html = (
        "<html><head><title>示例县人民政府关于开展反诈宣传的通知_示例县人民政府</title></head><body>"
        f"<table>{table}</table><h1>示例县人民政府关于开展反诈宣传的通知</h1><p>2021年12月20日</p>"
        f"<div class='content'><p>{PROSE}</p><p>{PROSE}</p></div></body></html>"
    )
    assert local_day(parse_html(html).published_at) == date(2021, 12, 28)


@pytest.mark.parametrize(
    "text, label",
    [
        ("今天是2026年11月30日", "今天"),
        ("日期：2026年11月30日 星期一", "今天"),
        ("采集时间: 2026-11-29 22:41", "采集时间"),
    ],
)
def test_widget_and_crawl_dates_are_not_publication_dates(text, label):
    (hit,) = find_dates(text)
    assert hit.label == label and not hit.is_publish


def test_a_crawler_dump_takes_title_date_address_and_publisher_from_its_header():
    page = read_page("crawler_dump_variants.txt")
    assert page.title == "北林县人民政府办公室关于加强预付式消费领域监管的通知"
    assert local_day(page.published_at) == date(2022, 11, 18)  # not the crawl time, not the 成文日期
    assert page.url == "http://www.beilin.example/zwgk/zcwj/202211/t20221118_70412.html"
    assert page.source == "北林县人民政府办公室"
    assert page.paragraphs[-2:] == ["北林县人民政府办公室", "2022年11月15日"]  # the signature stays


def test_a_header_without_a_title_is_not_a_crawler_header():
    dump = "\n".join(
        ["日期：2023年01月05日 星期四", "来源：县融媒体中心", "县反诈中心走进企业开展防骗讲座", PROSE, PROSE]
    )
    page = parse_text_dump(dump)
    assert page.title == "县反诈中心走进企业开展防骗讲座" and page.published_at is None


@pytest.mark.corpus
def test_titles_dates_and_addresses_hold_on_pages_the_importer_was_not_tuned_to():
    """gov.cn 信息公开 records as they are, in six kinds of site chrome and as crawler dumps, and the
    新闻联播 Markdown items as dumps: every title, date and stated address right, bodies close."""
    corpus = corpus_file()
    figures = summarise(evaluate(corpus, PAGES, ["gov.cn policy", "gov.cn in other chrome", "crawler dumps"]))
    for name, f in figures.items():
        assert f["rejected"] == 0, name
        assert f["title"] == f["date"] == f["cases"], (name, f)
        assert f["url"][0] == f["url"][1], (name, f)
        assert f["body_f1_mean"] >= 0.98 and f["body_f1_min"] >= 0.85, (name, f)
    assert figures["gov.cn in other chrome"]["cases"] == 360 and figures["crawler dumps"]["cases"] == 123
