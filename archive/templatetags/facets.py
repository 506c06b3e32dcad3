"""A long facet in two parts: the entries shown, and the rest behind a "more" control."""

from django import template

register = template.Library()

SHOWN = 10


@register.filter
def collapse(items, size=SHOWN):
    """(shown, more) from a facet's items, in their order: the first size, and any chosen entry
    beyond them, are shown, so that a filter in force is never hidden; the rest are more."""
    shown = [item for i, item in enumerate(items) if i < size or item["selected"]]
    more = [item for i, item in enumerate(items) if i >= size and not item["selected"]]
    return shown, more


@register.simple_tag(takes_context=True)
def toggle_url(context, name, item):
    """This page's address with the facet entry toggled and the page number dropped: what
    `{% querystring name=item.toggle page=None %}` gives, in one call per entry (a page shows some
    three hundred entries)."""
    query = context["request"].GET.copy()
    query.setlist(name, item["toggle"])
    query.pop("page", None)
    return f"?{query.urlencode()}"
