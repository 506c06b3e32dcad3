"""What the harvester fetches from a feed or a listing page: pure functions on bytes, no network."""

from datetime import UTC, datetime

import pytest

from archive.harvest.discover import FEED, HTML, feed_links, kind_of, listing_links
from archive.ingest.page import Rejected

from ..conftest import PAGES

CAPTURES = PAGES / "harvest"
LISTING_URL = "https://www.shifanxian.gov.cn/col/col12/index.html"
ARTICLES = r"/art_\d+_\d+\.html$"


def listing(body: str, url: str = LISTING_URL, **options):
    return listing_links(body.encode(), url, ARTICLES, **options)


def test_rss_items_become_absolute_links_in_feed_order_each_once_with_dates():
    links = feed_links((CAPTURES / "rss.xml").read_bytes(), "https://www.shifan.gov.cn/tzgg/rss.xml")

    assert [link.url for link in links] == [
        "https://www.shifan.gov.cn/tzgg/202406/t20240603_101.html",
        "https://www.shifan.gov.cn/tzgg/202405/t20240528_097.html",  # relative, its fragment dropped
        "https://www.shifan.gov.cn/tzgg/202405/t20240520_090.html",  # a permalink guid, no <link>
    ]
    assert links[0].title == "示范市关于开展夏季防汛安全检查的通知"
    assert links[0].published_at == datetime(2024, 6, 3, 1, 30, tzinfo=UTC)  # 09:30 in Beijing
    assert links[2].published_at is None


def test_atom_entries_link_to_their_alternate_page_resolved_against_xml_base():
    links = feed_links((CAPTURES / "atom.xml").read_bytes(), "https://fgw.shifan.gov.cn/feed.atom")

    assert [link.url for link in links] == [
        "https://fgw.shifan.gov.cn/zcwj/202406/t20240610_31.html",  # not the PDF enclosure
        "https://fgw.shifan.gov.cn/zcwj/202406/t20240605_29.html",
    ]
    assert links[0].published_at == datetime(2024, 6, 10, 0, 0, tzinfo=UTC)
    assert links[1].published_at == datetime(2024, 6, 5, 7, 30, tzinfo=UTC)  # updated, when not published


def test_a_gbk_feed_is_read_by_its_declared_encoding():
    rss = (
        '<?xml version="1.0" encoding="gbk"?><rss version="2.0"><channel><title>县政府</title>'
        "<item><title>关于秋季森林防火的通告</title><link>http://xian.example.cn/a/1.html</link></item>"
        "</channel></rss>"
    ).encode("gbk")

    (link,) = feed_links(rss, "http://xian.example.cn/rss.xml")

    assert link.title == "关于秋季森林防火的通告"


def test_feed_bytes_are_never_taken_for_a_path(tmp_path):
    """feedparser.parse opens a file whose name it is given, even as bytes: the bytes go in a stream."""
    elsewhere = tmp_path / "feed.xml"
    elsewhere.write_bytes((CAPTURES / "rss.xml").read_bytes())

    assert feed_links(str(elsewhere).encode(), "http://xian.example.cn/rss.xml") == []


@pytest.mark.parametrize("data", [b"", b"<html><body>not a feed</body></html>", b"<rss><channel><item><link>"])
def test_what_is_no_feed_gives_no_links(data):
    assert feed_links(data, "http://xian.example.cn/rss.xml") == []


@pytest.mark.parametrize(
    ("data", "content_type", "kind"),
    [
        ((CAPTURES / "rss.xml").read_bytes(), "", FEED),
        ((CAPTURES / "atom.xml").read_bytes(), "text/html", FEED),  # the bytes say more than the header
        (b'<?xml version="1.0"?>\n<!-- 1.0 --><rdf:RDF xmlns:rdf="x"><channel/></rdf:RDF>', "", FEED),
        ("\ufeff<rss version='2.0'><channel/></rss>".encode("utf-16"), "", FEED),
        ((CAPTURES / "listing_gbk.html").read_bytes(), "application/rss+xml", HTML),
        (b"<!DOCTYPE html><html><body><pre>&lt;rss&gt; <rss version=2.0></pre></body></html>", "", HTML),
        (b"", "application/atom+xml; charset=utf-8", FEED),
        (b"plain words", "", HTML),
    ],
)
def test_kind_of_tells_a_feed_from_a_page(data, content_type, kind):
    assert kind_of(data, content_type) == kind


def test_a_gbk_listing_gives_its_articles_next_page_and_off_site_links_apart():
    found = listing_links((CAPTURES / "listing_gbk.html").read_bytes(), LISTING_URL, ARTICLES)

    assert [(link.url, link.title) for link in found.articles] == [
        # linked twice, first through a picture: one link, titled by the anchor that has text
        ("https://www.shifanxian.gov.cn/art/2024/6/3/art_12_3001.html", "示范县召开春耕备耕工作推进会"),
        ("https://www.shifanxian.gov.cn/col/col12/art_12_3000.html", "县卫健委开展义诊进乡村活动"),
        ("https://www.shifanxian.gov.cn/art/2024/5/30/art_12_2999.html", "示范县发布2024年第一季度经济运行情况"),
    ]
    assert found.next_pages == ("https://www.shifanxian.gov.cn/col/col12/index_2.html",)
    assert found.off_site == ("https://www.shifan.gov.cn/art/2024/5/29/art_7_555.html",)


def test_a_next_page_pattern_replaces_the_guessing():
    body = """<html><body><a href="a/art_1_1.html">一</a>
        <a href="list_2.html">2</a><a href="list_3.html">3</a><a href="list_2.html">下一页</a>
        <a href="https://elsewhere.example.cn/list_9.html">9</a></body></html>"""

    found = listing(body, next_page=r"/list_\d+\.html$")

    assert found.next_pages == (
        "https://www.shifanxian.gov.cn/col/col12/list_2.html",
        "https://www.shifanxian.gov.cn/col/col12/list_3.html",
    )


@pytest.mark.parametrize(
    "pager",
    [
        '<a rel="next" href="index_2.html">2</a>',
        '<a href="index_2.html"> 下页 &gt;&gt; </a>',
        '<a href="index_2.html">Next&nbsp;»</a>',
        '<link rel="prev" href="index_0.html"><link rel="next" href="index_2.html">',
    ],
)
def test_the_next_page_is_found_by_rel_or_by_its_words(pager):
    found = listing(f"<html><body><p>第1页</p>{pager}<a href='index_3.html'>3</a></body></html>")

    assert found.next_pages == ("https://www.shifanxian.gov.cn/col/col12/index_2.html",)


def test_links_resolve_against_the_base_href_and_only_http_links_count():
    body = """<html><head><base href="https://www.shifanxian.gov.cn/art/"></head><body>
        <a href="2024/art_3_1.html">一</a><a href="javascript:open('art_3_2.html')">二</a>
        <a href="mailto:art_3_3.html@example.cn">三</a><a href="ftp://www.shifanxian.gov.cn/art_3_4.html">四</a>
        <a href="http://[broken/art_3_5.html">五</a></body></html>"""

    found = listing(body)

    assert [link.url for link in found.articles] == ["https://www.shifanxian.gov.cn/art/2024/art_3_1.html"]


def test_bytes_that_are_not_a_page_are_rejected_with_the_importers_reason():
    with pytest.raises(Rejected):
        listing_links(b"%PDF-1.7 binary", LISTING_URL, ARTICLES)
