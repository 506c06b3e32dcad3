"""`harvest` against sites served here on 127.0.0.1: a feed's and a listing's new articles fetched,
written to the run's WARC, imported with their originals; what is known, forbidden, off-site or
unchanged skipped; failures said and counted; every run recorded."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from warcio.archiveiterator import ArchiveIterator

from archive.captures.models import Original
from archive.harvest.models import Harvest, HarvestRun
from archive.models import Copy, Source

from ..conftest import PAGES

pytestmark = pytest.mark.django_db
HTML = {"Content-Type": "text/html"}
FIRE = (PAGES / "gbk_no_charset.html").read_bytes()
TABLE = (PAGES / "gov_table_layout.html").read_bytes()
OTHER = (PAGES / "reprint_other_site.html").read_bytes()


@pytest.fixture(autouse=True)
def harvest_settings(settings, tmp_path, own_originals):
    settings.ARCHIVE_HARVEST_CONTACT = "archive@example.org"
    settings.ARCHIVE_HARVEST_USER_AGENT = "policy-archive/1.0 (+archive@example.org)"
    settings.ARCHIVE_HARVEST_DELAY, settings.ARCHIVE_HARVEST_BACKOFF, settings.ARCHIVE_HARVEST_TIMEOUT = 0, 0, 2
    settings.ARCHIVE_HARVEST_DIR = tmp_path / "harvests"


def rss(site, *paths) -> bytes:
    items = "".join(f"<item><title>第{n}条</title><link>{site.url(p)}</link></item>" for n, p in enumerate(paths))
    channel = f"<channel><title>示范县政府</title>{items}</channel>"
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{channel}</rss>'.encode()


def harvest(*args):
    out = StringIO()
    try:
        call_command("harvest", *args, stdout=out)
        code = 0
    except CommandError as error:
        out.write(str(error))
        code = error.returncode
    return code, out.getvalue()


def test_a_feed_harvest_imports_its_new_articles_with_their_originals_and_writes_a_warc(site, settings):
    site.serve("/robots.txt", (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"))
    site.serve(
        "/feed.xml", (200, {"Content-Type": "application/rss+xml"}, rss(site, "/a.html", "/b.html", "/private/c.html"))
    )
    site.serve("/a.html", (200, HTML, FIRE))
    site.serve("/b.html", (200, {"Content-Type": "text/html; charset=utf-8"}, TABLE))
    code, output = harvest("--feed", site.url("/feed.xml"))
    assert code == 0, output
    assert f"{site.url('/a.html')}: created" in output and f"{site.url('/b.html')}: created" in output
    assert f"{site.url('/private/c.html')}: skipped (robots)" in output
    assert not site.asked("/private/c.html")
    assert site.asked("/a.html")[0]["User-Agent"] == "policy-archive/1.0 (+archive@example.org)"
    copy = Copy.objects.get(url=site.url("/a.html"))
    assert Original.objects.for_copy(copy).read() == FIRE
    run = HarvestRun.objects.get()
    assert (run.fetched, run.created, run.skipped, run.failed) == (3, 2, 1, 0) and run.finished_at
    with (settings.ARCHIVE_HARVEST_DIR / run.warc).open("rb") as stream:
        responses = {
            r.rec_headers.get_header("WARC-Target-URI"): r.content_stream().read()
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        }
    assert responses[site.url("/a.html")] == FIRE and site.url("/feed.xml") in responses


def test_a_due_harvest_asks_conditionally_and_skips_what_it_holds(site):
    feed = rss(site, "/a.html")
    site.serve("/feed.xml", (200, {"Content-Type": "application/rss+xml", "ETag": '"f1"'}, feed))
    site.serve("/a.html", (200, HTML, FIRE))
    source = Source.objects.create(name="示范县人民政府", slug="shifan")
    harvest_row = Harvest.objects.create(source=source, address=site.url("/feed.xml"))
    assert harvest()[0] == 0 and Copy.objects.count() == 1
    assert harvest()[1].startswith("0 harvests run")  # not due again within its interval
    Harvest.objects.update(last_started_at=harvest_row.runs.get().started_at - timedelta(days=2))
    site.serve(
        "/feed.xml",
        lambda handler: handler.answer(
            *((304, {}, b"") if handler.headers["If-None-Match"] == '"f1"' else (200, {}, feed))
        ),
    )
    code, output = harvest()
    assert code == 0 and f"{site.url('/feed.xml')}: skipped (not modified)" in output
    Harvest.objects.update(etag="", last_started_at=None)
    code, output = harvest()
    assert f"{site.url('/a.html')}: skipped (known)" in output and len(site.asked("/a.html")) == 1


def test_a_listing_is_followed_to_its_depth_and_off_site_links_are_skipped(site):
    page1 = (
        '<html><body><a href="/art/1.html">一</a><a href="http://other.example/art/9.html">外</a>'
        '<a href="/list_2.html">下一页</a></body></html>'
    )
    page2 = '<html><body><a href="/art/2.html">二</a><a href="/list_3.html">下一页</a></body></html>'
    site.serve("/list.html", (200, HTML, page1.encode()))
    site.serve("/list_2.html", (200, HTML, page2.encode()))
    site.serve("/art/1.html", (200, HTML, FIRE))
    site.serve("/art/2.html", (200, HTML, OTHER))
    code, output = harvest("--feed", site.url("/list.html"), "--articles", r"/art/\d+\.html$", "--depth", "2")
    assert code == 0, output
    assert "http://other.example/art/9.html: skipped (off-site)" in output
    assert set(Copy.objects.values_list("url", flat=True)) == {site.url("/art/1.html"), site.url("/art/2.html")}
    assert not site.asked("/list_3.html")


def test_failures_are_said_counted_and_do_not_stop_the_others(site):
    site.serve("/feed.xml", (200, {"Content-Type": "application/rss+xml"}, rss(site, "/broken.html", "/a.html")))
    site.serve("/broken.html", (500, HTML, b"oops"))
    site.serve("/a.html", (200, HTML, FIRE))
    source = Source.objects.create(name="示范县人民政府", slug="shifan")
    Harvest.objects.create(source=source, address="http://127.0.0.1:9/feed.xml")  # nothing listens there
    Harvest.objects.create(source=source, address=site.url("/feed.xml"))
    code, output = harvest()
    assert code == 1
    assert f"{site.url('/broken.html')}: failed (HTTP 500 after 3 tries)" in output
    assert f"{site.url('/a.html')}: created" in output
    assert "2 harvests run; 1 URLs rejected or failed" in output
    assert HarvestRun.objects.count() == 2 and "HTTP 500" in HarvestRun.objects.get(failed=1).errors


def test_no_harvest_without_a_contact_address(settings, site):
    settings.ARCHIVE_HARVEST_CONTACT = ""
    code, output = harvest("--feed", site.url("/feed.xml"))
    assert code == 1 and "set ARCHIVE_HARVEST_CONTACT" in output and not site.requests
