"""Markup stored in an article is text in the browser: the search results, the article and the
figures page show it as written, and nothing in it runs (no dialog opens, no element is made)."""

from playwright.sync_api import expect

from ..factories import make_article
from .conftest import BROWSER_TESTS, at

pytestmark = BROWSER_TESTS

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
SVG = "\"'><svg onload=alert(3)>"


def test_stored_markup_is_shown_as_text_and_never_runs(site):
    article = make_article(
        title=f"断卡通报{SCRIPT}",
        body=f"开展断卡行动{SCRIPT}{IMG}。\n\n{SVG}&lt;script&gt;\n\n2020年,公安部共破获<b>案件</b>32.2万起{SCRIPT}。",
        source=f"{SCRIPT}报社",
        published_at=at(2021),
    )
    page, dialogs = site.page, []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    site.visit("/?q=断卡", "markup-search")
    result = page.locator("li.result").first
    expect(result.locator("h3")).to_have_text(f"断卡通报{SCRIPT}")
    expect(result).to_contain_text(f"开展断卡行动{SCRIPT}{IMG}")

    site.visit(article.get_absolute_url(), "markup-article")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"断卡通报{SCRIPT}")
    body = page.locator("div.body")
    expect(body.locator("p").nth(0)).to_have_text(f"开展断卡行动{SCRIPT}{IMG}。")
    expect(body.locator("p").nth(1)).to_have_text(f"{SVG}&lt;script&gt;")
    expect(body.locator("mark.figure")).to_have_text("32.2万起")
    expect(body).to_contain_text(f"公安部共破获<b>案件</b>32.2万起{SCRIPT}。")

    site.visit("/figures/", "markup-figures")
    expect(page.get_by_text(f"公安部共破获<b>案件</b>32.2万起{SCRIPT}").first).to_be_visible()

    for made in ("img[src=x]", "svg[onload]", "b"):
        assert page.locator(made).count() == 0, made
    page.wait_for_timeout(300)  # an onerror or onload would have fired by now
    assert dialogs == []
