"""A search as data: the same FilterSet and order as the list page, as CSV, JSONL or Atom.

CSV and JSONL stream: the matching ids are found once (as the list page finds them), then the rows
are read 500 at a time, so 100,000 rows neither time out nor fill memory.
"""

import csv
import json
import re

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .downloads import attachment, search_words
from .filters import ArticleFilter
from .models import Article
from .records import CHUNK, FIELDS, records_in_order
from .search.snippets import snippet

FEED_ENTRIES = 100
# What XML 1.0 cannot carry (Django's feed writer refuses it): control characters but tab and newlines.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(value):
    return _NOT_XML.sub("", value) if value else value


def articles_in_order(ids):
    """The articles of these ids, in this order, with their source and mentions (the feed's entries)."""
    return Article.objects.for_listing().in_order(ids, CHUNK)


def csv_cell(value) -> str:
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        value = json.dumps(value, ensure_ascii=False)  # the citations: objects, kept whole
    elif isinstance(value, list):
        value = "; ".join(map(str, value))
    value = "" if value is None else str(value)
    # A cell a spreadsheet would run as a formula is written as text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


class _Echo:
    def write(self, value):
        return value


def csv_lines(ids, bom=False):
    writer = csv.writer(_Echo())
    # With a byte-order mark, spreadsheets open the UTF-8 download as UTF-8.
    yield ("\ufeff" if bom else "") + writer.writerow(FIELDS)
    for record in records_in_order(ids):
        yield writer.writerow([csv_cell(record[f]) for f in FIELDS])


def jsonl_lines(ids):
    for record in records_in_order(ids):
        yield json.dumps(record, ensure_ascii=False) + "\n"


def _search(request):
    filterset = ArticleFilter(request.GET, queryset=Article.objects.published())
    if not filterset.is_valid():
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items())
        return filterset, HttpResponseBadRequest(f"{problems}\n", content_type="text/plain; charset=utf-8")
    return filterset, None


def export_csv(request):
    filterset, bad = _search(request)
    if bad:
        return bad
    response = StreamingHttpResponse(csv_lines(filterset.ids(), bom=True), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment("articles", search_words(filterset.form.cleaned_data), "csv")
    return response


def export_jsonl(request):
    filterset, bad = _search(request)
    if bad:
        return bad
    response = StreamingHttpResponse(jsonl_lines(filterset.ids()), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = attachment("articles", search_words(filterset.form.cleaned_data), "jsonl")
    return response


class TextSummaryAtomFeed(Atom1Feed):
    """Atom whose summaries are plain text (type="text"): Django's writer marks them as HTML, and a
    reader would then run `<b>` in an article's text as markup and drop `x<y` or a `<script>` line."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class SearchFeed(Feed):
    """The first FEED_ENTRIES results of a search, in the list page's order, as Atom."""

    feed_type = TextSummaryAtomFeed

    def __call__(self, request, *args, **kwargs):
        filterset, bad = _search(request)
        if bad:
            return bad
        self.filterset = filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.filterset

    def title(self, filterset):
        q = filterset.form.cleaned_data.get("q")
        return xml_text(_("政策档案") + (f" · {q}" if q else ""))

    def link(self, filterset):
        query = self.request.GET.urlencode()
        return reverse("article_list") + (f"?{query}" if query else "")

    def feed_url(self, filterset):
        return self.request.get_full_path()  # rel="self": this feed, its filters included

    def author_name(self, filterset):
        return _("政策档案")  # the compiler of the feed: Atom wants an author for entries that name none

    def subtitle(self, filterset):
        return _("与列表页相同的检索与筛选,按列表页的顺序,最多 %d 篇。") % FEED_ENTRIES

    def items(self, filterset):
        self.words = filterset.query.highlight_words
        return list(articles_in_order(filterset.ids()[:FEED_ENTRIES]))

    def item_title(self, article):
        return xml_text(article.title)

    def item_description(self, article):
        return xml_text(snippet(article.body, self.words, plain=True))

    def item_link(self, article):
        return article.get_absolute_url()

    def item_guid(self, article):
        return self.request.build_absolute_uri(article.get_absolute_url())

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.published_at or article.updated_at

    def item_author_name(self, article):
        return xml_text(article.author or (article.source.name if article.source else None))

    def item_categories(self, article):
        return [xml_text(m.agency.name) for m in article.agency_mentions.all()] + [
            xml_text(m.campaign.name) for m in article.campaign_mentions.all()
        ]


feed_atom = SearchFeed()
