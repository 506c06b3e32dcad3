"""/feed.atom as a feed reader and a validator read it: valid Atom (RFC 4287's RELAX NG schema and its
two rules on authors and links), the address of the filtered feed itself, and an article's text
arriving in the reader as that text, never as markup."""

from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from lxml import etree

from archive.models import SHANGHAI

from ..factories import make_article

pytestmark = pytest.mark.django_db
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}
SCHEMA = etree.RelaxNG(etree.parse(Path(__file__).parent / "schemas" / "atom.rng"))
QUERY = "q=%E6%96%AD%E5%8D%A1&agency=ministry-of-public-security&date_from=2020-01-01&sort=newest"  # q=断卡
MARKUP = "公安部通报“断卡”行动:<b>粗体</b> 并非标记,x<y 且 a&b,<script>alert(1)</script> 原样保留。"


@pytest.fixture
def articles():
    return [
        make_article(title="<b>断卡</b> 行动通报", body=MARKUP, published_at=datetime(2021, 3, 1, tzinfo=SHANGHAI)),
        make_article(title="公安部断卡行动", body="公安部部署“断卡”行动。", author="", source="", published_at=None),
    ]


def test_the_feed_is_valid_atom(client, articles):
    feed = etree.fromstring(client.get("/feed.atom", {"q": "断卡"}).content)
    assert SCHEMA.validate(feed), SCHEMA.error_log
    # RFC 4287's two Schematron rules, which RELAX NG does not check.
    entries = feed.findall("atom:entry", ATOM_NS)
    assert len(entries) == 2
    feed_has_author = feed.find("atom:author", ATOM_NS) is not None
    for entry in entries:
        assert feed_has_author or entry.find("atom:author", ATOM_NS) is not None
        assert entry.xpath("atom:link[@rel='alternate'] or atom:link[not(@rel)] or atom:content", namespaces=ATOM_NS)


def test_the_filtered_feeds_self_link_keeps_its_query(client, articles):
    parsed = feedparser.parse(client.get(f"/feed.atom?{QUERY}").content)
    self_link = next(link["href"] for link in parsed.feed.links if link["rel"] == "self")
    address = urlsplit(self_link)
    assert address.path == "/feed.atom"
    assert parse_qs(address.query) == parse_qs(QUERY)
    # Following it gives this very feed, not the unfiltered one.
    assert client.get(f"{address.path}?{address.query}").content == client.get(f"/feed.atom?{QUERY}").content


def test_a_feed_reader_shows_the_articles_text_as_written(client, articles):
    parsed = feedparser.parse(client.get("/feed.atom", {"q": "断卡", "sort": "oldest"}).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    entry = next(e for e in parsed.entries if "粗体" in e.summary)
    for part in ("<b>粗体</b>", "x<y", "a&b", "<script>alert(1)</script>"):
        assert part in entry.summary
        assert part in entry.summary_detail.value
    assert entry.summary_detail.type == "text/plain"
    assert entry.title == "<b>断卡</b> 行动通报"
