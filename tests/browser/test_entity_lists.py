"""The agency list in a 1,024-pixel window, in Chinese and in English: a long name wraps inside its
column, clear of the markers of the next column, and no entry is split across two columns."""

import pytest

from .conftest import BROWSER_TESTS

pytestmark = BROWSER_TESTS

# Every entry that reaches into the room the next column's markers hang in (the room the first
# column gives its markers: the list's indent), or that is split across columns.
CROWDED = """() => {
  const found = [];
  for (const list of document.querySelectorAll("ul.entities")) {
    const items = [...list.querySelectorAll("li")];
    const room = items[0].getBoundingClientRect().left - list.getBoundingClientRect().left;
    const columns = [...new Set(items.map((li) => Math.round(li.getBoundingClientRect().left)))];
    for (const li of items) {
      const text = document.createRange();
      text.selectNodeContents(li);
      const right = Math.max(...[...text.getClientRects()].map((r) => r.right));
      const left = li.getBoundingClientRect().left;
      const next = Math.min(...columns.filter((x) => x > left + 1));
      if (li.getClientRects().length > 1) found.push([li.textContent.trim(), "split"]);
      if (right > next - room + 0.5) found.push([li.textContent.trim(), Math.round(right), next - room]);
    }
  }
  return found;
}"""


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_long_agency_names_wrap_inside_their_column(site, language):
    page = site.page
    page.set_viewport_size({"width": 1024, "height": 900})
    page.set_extra_http_headers({"Accept-Language": language})
    site.visit("/agencies/", f"agency-list-{language}")
    assert page.locator("ul.entities li").count() > 100
    assert page.evaluate(CROWDED) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
