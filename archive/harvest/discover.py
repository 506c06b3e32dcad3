"""What to fetch from a harvest address: the article links of an RSS or Atom feed, or of a listing
page (新闻列表) and the pages that follow it. Pure: bytes and URLs in, links out. Nothing is fetched
here; feedparser is handed the bytes in a stream, never a string it could take for a URL or a path."""

import io
import re
from calendar import timegm
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser

from archive.ingest.decode import decode_bytes
from archive.ingest.html_dom import parse_document

FEED, HTML = "feed", "html"
# The root element of RSS 0.9x/2.0, Atom and RSS 1.0 (RDF), after any XML declaration, comments or
# doctype; an HTML page that quotes "<rss" further down has opened <html> or <body> first.
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>/]", re.I)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.I)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_NEXT_WORDS = frozenset({"下一页", "下页", "下一頁", "next", "next page"})
_DECORATION = " \t\r\n\u00a0\u3000>»›→"


@dataclass(frozen=True)
class Link:
    url: str  # absolute, without a fragment
    title: str = ""
    published_at: datetime | None = None  # aware, from the feed; None on a listing page


@dataclass(frozen=True)
class Listing:
    articles: tuple[Link, ...] = ()  # on the listing's host, in page order
    next_pages: tuple[str, ...] = ()  # the pages that continue the listing
    off_site: tuple[str, ...] = ()  # article links on another host: not the source's, not fetched


def kind_of(data: bytes, content_type: str = "") -> str:
    """FEED or HTML: what the bytes are, by their root element; by the media type when they do not say."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="replace").encode()
    feed, page = _FEED_ROOT.search(head), _HTML_ROOT.search(head)
    if feed and (not page or feed.start() < page.start()):
        return FEED
    if page:
        return HTML
    media_type = content_type.split(";", 1)[0].strip().lower()
    return FEED if media_type in _FEED_TYPES else HTML


def feed_links(data: bytes, url: str) -> list[Link]:
    """The items of an RSS or Atom feed fetched from `url`: their links made absolute, in feed order,
    each once, with the item's title and its published (or else updated) date when it gives one."""
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": url})
    links, seen = [], set()
    for entry in parsed.entries:
        link = _absolute(url, entry.get("link") or _permalink(entry.get("id", "")))
        if link and link not in seen:
            seen.add(link)
            links.append(Link(link, entry.get("title", "").strip(), _date(entry)))
    return links


def listing_links(
    data: bytes,
    url: str,
    articles: str | re.Pattern,
    next_page: str | re.Pattern | None = None,
    declared: str | None = None,
) -> Listing:
    """The links of a listing page at `url` whose absolute URL `articles` matches (re.search), and the
    next pages: the links `next_page` matches or, without it, rel="next" and links reading 下一页, 下页
    or "next". `declared` is the charset the response named, if any. Raises Rejected (as the importer
    does) for bytes that are not a page."""
    root = parse_document(decode_bytes(data, declared))
    base = _base(root, url)
    host = _host(url)
    found, off_site, next_pages = [], [], []
    for anchor in root.iter("a", "link"):
        link = _absolute(base, anchor.get("href", ""))
        if not link or link == url:
            continue
        if re.search(articles, link) and anchor.tag == "a":
            if _host(link) == host:
                found.append(Link(link, _text(anchor)))
            else:
                off_site.append(link)
        if _host(link) == host and _is_next(anchor, link, next_page):
            next_pages.append(link)
    return Listing(_unique(found), tuple(dict.fromkeys(next_pages)), tuple(dict.fromkeys(off_site)))


def _is_next(anchor, link: str, next_page: str | re.Pattern | None) -> bool:
    if next_page is not None:
        return anchor.tag == "a" and bool(re.search(next_page, link))
    if "next" in (anchor.get("rel") or "").lower().split():
        return True
    return anchor.tag == "a" and _text(anchor).strip(_DECORATION).lower() in _NEXT_WORDS


def _base(root, url: str) -> str:
    """The page's <base href>, resolved against its URL, or the URL itself."""
    base = root.find(".//base[@href]")
    return urljoin(url, base.get("href").strip()) if base is not None else url


def _absolute(base: str, href: str) -> str:
    """`href` made absolute and without a fragment, or "" when it does not lead to an http(s) page."""
    href = (href or "").strip()
    if not href:
        return ""
    try:
        link = urldefrag(urljoin(base, href)).url
        parts = urlsplit(link)
    except ValueError:
        return ""
    return link if parts.scheme in ("http", "https") and parts.hostname else ""


def _permalink(guid: str) -> str:
    return guid if guid.startswith(("http://", "https://")) else ""


def _date(entry) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(timegm(parsed), UTC) if parsed else None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _unique(links: list[Link]) -> tuple[Link, ...]:
    """Each URL once, where it first appears, titled by its first anchor that has text."""
    kept: dict[str, Link] = {}
    for link in links:
        if link.url not in kept or (link.title and not kept[link.url].title):
            kept[link.url] = link  # a dict keeps the place of a key it already had
    return tuple(kept.values())
