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
