"""The pages fit the window, at a laptop's 1,024 px and a phone's 390 px: nothing scrolls sideways,
long facets are collapsed behind a "more" control, on a phone the results come before the facets,
and Chinese labels do not break in the middle of a word."""

import pytest
from playwright.sync_api import expect

from archive.models import Article

from ..factories import make_article
from .conftest import BROWSER_TESTS, PUBLIC, SEED_TITLE, at

pytestmark = BROWSER_TESTS

LAPTOP, PHONE = 1024, 390
PASSWORD = "a long pass phrase for the layout"
# Agencies an article written for these tests names, so that the agency facet runs past ten.
MANY_AGENCIES = [
    "中国工程院",
    "中国海警局",
    "中国消费者协会",
    "中国社会科学院",
    "中国科学院",
    "全国人民代表大会",
    "最高人民检察院",
    "最高人民法院",
    "国家禁毒委员会",
    "中华全国总工会",
    "中华全国妇女联合会",
    "中国电信集团有限公司",
]


@pytest.fixture
def many_agencies(policy_documents):
    make_article(
        title="多部门联合开展反诈宣传",
        body="、".join(MANY_AGENCIES) + "联合开展反诈宣传,提示群众警惕电信网络诈骗。",
        published_at=at(2023, 5, 10),
    )


def width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def wider_than_the_window(site, pages, widths, prefix):
    """{(page, window width): page width} for each page that scrolls sideways."""
    wide = {}
    for window in widths:
        site.page.set_viewport_size({"width": window, "height": 900})
        for name, path in pages.items():
            site.visit(path(), f"{prefix}-{name}-{window}")
            if width(site.page) > window:
                wide[name, window] = width(site.page)
    return wide


def test_no_page_is_wider_than_the_window(many_agencies, site):
    assert wider_than_the_window(site, PUBLIC, (LAPTOP, PHONE), "width") == {}


def test_the_english_pages_are_no_wider_than_the_window(many_agencies, site):
    site.visit("/", "width-english-start")
    site.page.get_by_label("语言").select_option("en")
    site.page.get_by_role("button", name="切换").click()
    expect(site.page.locator("html")).to_have_attribute("lang", "en")
    assert wider_than_the_window(site, PUBLIC, (LAPTOP, PHONE), "width-en") == {}


def test_the_admin_article_page_with_its_copies_is_no_wider_than_the_window(
    seed_and_three_articles, site, django_user_model
):
    django_user_model.objects.create_superuser("editor", password=PASSWORD)
    site.visit("/admin/login/", "width-admin-login")
    site.page.get_by_label("用户名").fill("editor")
    site.page.get_by_label("密码").fill(PASSWORD)
    site.page.get_by_role("button", name="登录").click()
    site.page.wait_for_url("**/admin/")
    path = f"/admin/archive/article/{Article.objects.get(title=SEED_TITLE).pk}/change/"
    wide = {}
    for window in (1280, LAPTOP, PHONE):
        site.page.set_viewport_size({"width": window, "height": 900})
        site.visit(path, f"width-admin-article-change-{window}")
        # Nor, on a laptop or wider, the copies' own box: the admin lets an inline table scroll in its
        # box at 1,024 px and below, and on a phone that is all a table of five columns can do.
        copies = site.page.locator("#copies-group").evaluate("e => e.scrollWidth - e.clientWidth")
        if width(site.page) > window or (window >= LAPTOP and copies > 0):
            wide[window] = (width(site.page), copies)
    assert wide == {}


def facet(page, title):
    return page.locator("section.facet").filter(has=page.get_by_role("heading", name=title, exact=True))


def test_a_long_facet_shows_ten_and_the_rest_behind_more(many_agencies, site):
    page = site.page
    site.visit("/", "facet-collapsed")
    agencies = facet(page, "机构")
    links = agencies.get_by_role("link", include_hidden=True)
    assert links.count() > 10
    visible = [link for link in links.all() if link.is_visible()]
    assert len(visible) == 10
    more = agencies.locator("details summary")
    expect(more).to_contain_text(str(links.count() - 10))

    more.click()
    site.screenshot("facet-expanded")
    assert all(link.is_visible() for link in links.all())

    # An agency chosen from behind "more" stays in sight once the page comes back filtered by it.
    hidden = links.nth(links.count() - 1)
    name = hidden.inner_text().strip()
    hidden.click()
    page.wait_for_url("**agency=**")
    chosen = facet(page, "机构").get_by_role("link", name=name, exact=True)
    expect(chosen).to_be_visible()
    expect(chosen).to_have_attribute("aria-current", "true")


def test_on_a_phone_the_results_come_before_the_facets(many_agencies, site):
    page = site.page
    page.set_viewport_size({"width": PHONE, "height": 800})
    for path, name in (("/", "phone-list"), ("/figures/", "phone-figures")):
        site.visit(path, name)
        results = page.locator("section.results").bounding_box()
        facets = page.locator("aside.facets").bounding_box()
        assert results["y"] < facets["y"], path
    # A link at the top of the results leads down to the facets.
    page.get_by_role("link", name="筛选", exact=True).click()
    expect(page.locator("aside.facets")).to_be_in_viewport()
    # ... and at a laptop's width the facets stand beside the results, and no such link is needed.
    page.set_viewport_size({"width": LAPTOP, "height": 800})
    site.visit("/", "laptop-list")
    results = page.locator("section.results").bounding_box()
    facets = page.locator("aside.facets").bounding_box()
    assert facets["x"] + facets["width"] <= results["x"] and facets["y"] <= results["y"] + 1
    expect(page.get_by_role("link", name="筛选", exact=True)).to_have_count(0)


# A label broken across lines has more than one line box; a word of Chinese has no space to break at.
# Labels kept for screen readers only (clipped to nothing) are not looked at.
BROKEN_LABELS = """
const clipped = e => {
  for (let a = e; a; a = a.parentElement) if (getComputedStyle(a).clip !== 'auto') return true;
  return false;
};
[...document.querySelectorAll('header.site a, header.site label, .facet h2, dl.meta dt, th, h2, figcaption')]
  .filter(e => e.getClientRects().length > 0 && e.textContent.trim().length <= 8 && !clipped(e))
  .filter(e => {
    const range = document.createRange(); range.selectNodeContents(e);
    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return lines.size > 1;
  })
  .map(e => e.textContent.trim())
"""


def test_on_a_phone_short_chinese_labels_do_not_break_mid_word(many_agencies, site):
    page = site.page
    page.set_viewport_size({"width": PHONE, "height": 800})
    broken = {}
    for name, path in PUBLIC.items():
        site.visit(path(), f"phone-words-{name}")
        if found := page.evaluate(BROKEN_LABELS):
            broken[name] = found
    assert broken == {}
