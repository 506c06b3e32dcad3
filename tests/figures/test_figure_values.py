"""Values as readers write them: 126.06万亿元 on Chinese pages, 126.06 trillion 元 on English ones,
every digit kept; the exact decimal in <data value>, on hover and in the exports."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from archive.figures.numbers import decimal_of, readable, readable_quantity

from ..factories import make_article
from .test_figure_pages import add_figure, at, csv_rows


@pytest.mark.parametrize(
    "value, chinese, english",
    [
        ("126060000000000", "126.06万亿", "126.06 trillion"),
        ("1100000000000", "1.1万亿", "1.1 trillion"),
        ("272000000000", "2720亿", "272 billion"),
        ("1409670000", "14.0967亿", "1.40967 billion"),
        ("8700000", "870万", "8.7 million"),
        ("322000", "32.2万", "322,000"),
        ("10000", "1万", "10,000"),
        ("5290", "5290", "5,290"),
        ("12.5", "12.5", "12.5"),
        ("0.3", "0.3", "0.3"),
    ],
)
def test_a_value_is_written_with_wan_and_yi_in_chinese_and_in_words_or_groups_in_english(value, chinese, english):
    assert readable(Decimal(value), "zh-hans") == chinese
    assert readable(Decimal(value), "en") == english


def test_a_range_and_its_unit_follow_each_languages_way():
    assert readable_quantity(Decimal(30000), Decimal(50000), "人") == "3万–5万人"
    assert readable_quantity(Decimal(30000), Decimal(50000), "人", "en") == "30,000–50,000 人"
    assert readable_quantity(Decimal("5.2"), None, "%", "en") == "5.2%"
    assert readable_quantity(Decimal(14000000), None, "") == "1400万"


@given(st.decimals(min_value=0, max_value=Decimal("1e15"), places=4, allow_nan=False, allow_infinity=False))
def test_the_chinese_reading_is_the_exact_value_read_back(value):
    """Nothing rounded: the extractor's own reader gives the value back from what the page shows."""
    number, scale = re.fullmatch(r"([\d.]+)(万亿|亿|万)?", readable(value)).groups()
    assert decimal_of(number, scale or "") == value


@pytest.fixture
def gdp(db):
    article = make_article(title="2023年国内生产总值", published_at=at(2024, 1, 18), body="统计公报。")
    return add_figure(article, "126.06万亿元", Decimal("126060000000000"), "元", "国内生产总值", 2023)


def value_cell(html, figure):
    return re.search(r'<td class="value">(.*?)</td>', html.split(f"#figure-{figure.pk}")[0], re.S).group(1)


def test_the_figures_page_shows_the_readable_value_and_the_exact_one_on_hover(client, gdp):
    cell = value_cell(client.get("/figures/").content.decode(), gdp)
    assert cell.startswith('<data value="126060000000000" title="126060000000000 元">126.06万亿</data>元')
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cell = value_cell(client.get("/figures/").content.decode(), gdp)
    assert cell.startswith('<data value="126060000000000" title="126060000000000 元">126.06 trillion</data> 元')


def test_the_series_table_shows_the_readable_value_with_the_exact_one(client, gdp):
    html = client.get("/figures/series/", {"metric": "国内生产总值"}).content.decode()
    assert '<data value="126060000000000" title="126060000000000">126.06万亿</data>' in html


def test_exports_keep_the_exact_value_and_add_the_readable_one(client, gdp):
    [row] = csv_rows(client.get("/figures.csv"))
    assert (row["value"], row["value_display"], row["unit"]) == ("126060000000000", "126.06万亿元", "元")
    out = io.StringIO()
    call_command("export_figures", stdout=out)
    [record] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (record["value"], record["value_display"]) == ("126060000000000", "126.06万亿元")
    out = io.StringIO()
    call_command("export_figures", "--format", "csv", stdout=out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["value"], row["value_display"]) == ("126060000000000", "126.06万亿元")
