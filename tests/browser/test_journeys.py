"""What a researcher does in the browser: search, narrow by an agency and widen again, read an
article, go on to an agency, read the interface in English, take a search away as CSV."""

import csv
import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from archive.models import Article

from ..factories import make_article
from .conftest import BROWSER_TESTS, CENTRAL_TITLE, PROVINCIAL_TITLE, SEED_TITLE, at

pytestmark = BROWSER_TESTS

FRAUD = {SEED_TITLE, "中国人民银行部署断卡专项检查", "公安部通报云剑行动进展"}


def shown_count(page):
    return int(re.search(r"\d+", page.locator("p.count").inner_text()).group())


def shown_titles(page):
    return page.locator("li.result h3").all_inner_texts()


def agency_facet(page, name):
    facet = page.locator("section.facet").filter(has=page.get_by_role("heading", name="机构", exact=True))
    return facet.get_by_role("link", name=name, exact=True)


def test_a_search_in_simplified_or_traditional_characters_finds_the_same_articles(seed_and_three_articles, site):
    page = site.page
    site.visit("/", "search-start")
    assert shown_count(page) == 4
    page.get_by_role("searchbox").fill("电信网络诈骗")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    site.screenshot("search-simplified")
    assert set(shown_titles(page)) == FRAUD and shown_count(page) == 3
    assert "全国教育工作会议召开" not in shown_titles(page)

    page.get_by_role("searchbox").fill("電信網絡詐騙")
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.get_by_role("searchbox")).to_have_value("電信網絡詐騙")
    site.screenshot("search-traditional")
    assert set(shown_titles(page)) == FRAUD and shown_count(page) == 3


def test_an_agency_facet_narrows_the_results_and_a_second_click_widens_them_again(seed_and_three_articles, site):
    page = site.page
    site.visit("/?q=电信网络诈骗", "facet-before")
    assert shown_count(page) == 3
    agency_facet(page, "中国人民银行").click()
    page.wait_for_url(re.compile("agency=peoples-bank-of-china"))
    site.screenshot("facet-in")
    expect(agency_facet(page, "中国人民银行")).to_have_attribute("aria-current", "true")
    assert shown_count(page) == 2
    assert set(shown_titles(page)) == {SEED_TITLE, "中国人民银行部署断卡专项检查"}

    agency_facet(page, "中国人民银行").click()
    page.wait_for_url(lambda url: "agency=" not in url)
    site.screenshot("facet-out")
    expect(agency_facet(page, "中国人民银行")).not_to_have_attribute("aria-current", "true")
    assert shown_count(page) == 3 and "q=" in page.url


def test_an_article_opens_from_the_results_and_leads_on_to_its_agency(seed_and_three_articles, site):
    page = site.page
    site.visit("/?q=电信网络诈骗", "article-results")
    page.get_by_role("link", name=SEED_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SEED_TITLE)
    site.screenshot("article-detail")
    assert "2021-04-10 18:52" in page.locator("dl.meta").inner_text()

    # An agency named in the article lists the archive's articles that mention it ...
    page.locator("dl.meta").get_by_role("link", name="中国人民银行", exact=True).click()
    page.wait_for_url(re.compile("agency=peoples-bank-of-china"))
    site.screenshot("article-agency-results")
    assert SEED_TITLE in shown_titles(page)
    expect(agency_facet(page, "中国人民银行")).to_have_attribute("aria-current", "true")

    # ... and the agency's own page, from the agency list, does too.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="机构", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("机构")
    site.screenshot("agency-list")
    page.get_by_role("link", name="中国人民银行", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("中国人民银行")
    site.screenshot("agency-detail")
    assert page.url.endswith("/agencies/peoples-bank-of-china/")
    assert set(shown_titles(page)) == {SEED_TITLE, "中国人民银行部署断卡专项检查"}


def test_the_language_switch_turns_the_interface_english_and_back(seed_and_three_articles, site):
    page = site.page
    site.visit("/?q=电信网络诈骗", "language-chinese")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("details.help summary")).to_have_text("检索语法")

    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    site.screenshot("language-english")
    expect(page.locator("details.help summary")).to_have_text("Query language")
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text("Agencies")
    assert page.locator("p.count").inner_text() == "3 articles"
    assert set(shown_titles(page)) == FRAUD  # articles stay as written
    assert "q=" in page.url  # the switch came back to the same search

    page.get_by_role("link", name=SEED_TITLE).click()
    expect(page.get_by_role("heading", name="Cite")).to_be_visible()
    site.screenshot("language-english-article")

    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="引用")).to_be_visible()
    site.screenshot("language-chinese-again")


def test_the_csv_download_holds_the_articles_the_page_shows(seed_and_three_articles, site):
    page = site.page
    site.visit("/?q=电信网络诈骗", "csv-search")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    # The browser takes the UTF-8 name (filename*) over the ASCII fallback, as RFC 6266 asks.
    assert download.value.suggested_filename == f"articles_电信网络诈骗_{timezone.localdate().isoformat()}.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # so that spreadsheets read UTF-8
    rows = list(csv.DictReader(text[1:].splitlines()))
    assert len(rows) == shown_count(page) == 3
    assert [row["title"] for row in rows] == shown_titles(page)


def test_a_figure_leads_from_the_article_to_its_series_and_back_to_its_sentence(seed_and_three_articles, site):
    make_article(
        title="去年破获电信网络诈骗案件44.1万起",
        body="2021年，全国公安机关共破获电信网络诈骗案件44.1万起。",
        published_at=at(2022, 4, 14),
    )
    page = site.page
    site.visit(Article.objects.get(title=SEED_TITLE).get_absolute_url(), "article-figures")
    figures = page.get_by_role("complementary", name="本文数据")
    expect(figures.get_by_role("listitem")).to_have_count(19)
    figures.get_by_role("link", name="破获电信网络诈骗案件").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("破获电信网络诈骗案件")
    page.wait_for_selector("canvas")  # the chart drew (uPlot, vendored)
    site.screenshot("figure-series")
    table = page.locator("table.chart-table").text_content()  # the chart's table: a row a year
    assert "2020" in table and "2021" in table and "32.2万起" in table and "44.1万起" in table

    page.locator("table.figures tr", has_text="32.2万起").get_by_role("link").first.click()  # its article
    page.wait_for_url(re.compile(r"/articles/\d+/#figure-\d+$"))
    target = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"mark#{target}")).to_have_text("32.2万起")
    expect(page.locator(f"mark#{target}")).to_be_in_viewport()


def test_a_central_document_leads_to_its_diffusion_and_on_to_a_province_implementing_it(policy_documents, site):
    central, province = policy_documents
    page = site.page
    site.visit(central.get_absolute_url(), "document-central")
    record = page.locator("section.record")
    expect(record).to_contain_text("国办发〔2021〕12号")
    expect(record.get_by_role("link", name="国务院办公厅", exact=True)).to_be_visible()

    record.get_by_role("link", name=re.compile("传播与落实")).click()
    page.wait_for_url(re.compile(r"/documents/\d+/diffusion/$"))
    site.screenshot("document-diffusion")
    expect(page.get_by_role("heading", level=1)).to_contain_text(CENTRAL_TITLE)
    provincial = page.locator("#level-provincial")
    expect(provincial).to_contain_text("浙江")
    expect(page.locator("#level-municipal")).to_contain_text("杭州市社区嵌入式养老服务工作方案")
    page.wait_for_selector("figure.chart.drawn canvas")  # charts.js drew the levels over time

    provincial.get_by_role("link", name=PROVINCIAL_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROVINCIAL_TITLE)
    site.screenshot("document-provincial")
    cites = page.locator("section.document-citations")
    expect(cites.get_by_role("link", name=f"《{CENTRAL_TITLE}》")).to_be_visible()

    page.go_back()
    page.wait_for_url(re.compile(r"/diffusion/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(CENTRAL_TITLE)
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(CENTRAL_TITLE)
    assert page.url.endswith(central.get_absolute_url())
