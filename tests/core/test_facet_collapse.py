"""A long facet shows its first ten entries and keeps the rest behind "more"; a chosen entry is never hidden."""

from archive.templatetags.facets import collapse


def items(n, selected=()):
    return [{"key": f"k{i}", "label": f"entry {i}", "count": n - i, "selected": i in selected} for i in range(n)]


def keys(entries):
    return [entry["key"] for entry in entries]


def test_a_short_facet_shows_everything():
    shown, more = collapse(items(10))
    assert keys(shown) == [f"k{i}" for i in range(10)] and more == []


def test_a_long_facet_shows_the_first_ten_in_order_and_the_rest_behind_more():
    shown, more = collapse(items(30))
    assert keys(shown) == [f"k{i}" for i in range(10)]
    assert keys(more) == [f"k{i}" for i in range(10, 30)]


def test_a_chosen_entry_beyond_the_first_ten_is_shown_in_its_place():
    shown, more = collapse(items(30, selected={3, 25}))
    assert keys(shown) == [*(f"k{i}" for i in range(10)), "k25"]
    assert "k25" not in keys(more) and len(more) == 19


def rendered_links(query: str, name: str, entries) -> list[str]:
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get(f"/?{query}")
    template = Template("{% load facets %}{% for item in items %}{% toggle_url name item %}|{% endfor %}")
    return template.render(Context({"request": request, "name": name, "items": entries})).split("|")[:-1]


def test_an_entry_links_to_the_page_with_its_key_toggled_the_other_filters_kept_and_the_page_dropped():
    from urllib.parse import parse_qs

    entries = [
        {"key": "mps", "selected": False, "toggle": ["mps", "pbc"]},  # adding mps to the chosen pbc
        {"key": "pbc", "selected": True, "toggle": []},  # removing the chosen pbc
    ]
    add, remove = rendered_links("q=断卡&agency=pbc&year=2021&page=7", "agency", entries)
    assert "&amp;" in add  # escaped for the attribute
    added = parse_qs(add.removeprefix("?").replace("&amp;", "&"))
    assert added == {"q": ["断卡"], "agency": ["mps", "pbc"], "year": ["2021"]}
    removed = parse_qs(remove.removeprefix("?").replace("&amp;", "&"))
    assert removed == {"q": ["断卡"], "year": ["2021"]}
