"""The harvester's HTTP client against sites served here on 127.0.0.1; nothing else is contacted.
Sleeps go to a fake clock, so no test waits out a delay or a backoff."""

import gzip
import socket
import time
import zlib

import pytest

from archive.harvest.discover import listing_links
from archive.harvest.fetch import FAILED, FETCHED, NOT_MODIFIED, SKIPPED, Fetcher

from ..conftest import PAGES

AGENT = "policy-archive/1.0 (+https://archive.example.org; archive@example.org)"
HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = "<html><body><p>示范县召开春耕备耕工作推进会</p></body></html>".encode()


class FakeClock:
    """A monotonic clock that only moves when the fetcher sleeps, and the sleeps it asked for."""

    def __init__(self):
        self.now, self.sleeps = 1000.0, []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def fetcher(clock):
    """A Fetcher with the test's settings: no delay and no backoff unless asked, a short timeout."""

    def make(**settings) -> Fetcher:
        defaults = {"delay": 0, "timeout": 2.0, "backoff": 0, "sleep": clock.sleep, "clock": clock.monotonic}
        return Fetcher(AGENT, **{**defaults, **settings})

    return make


def test_a_page_arrives_as_a_capture_with_its_headers_in_order(site, fetcher):
    site.serve("/a.html", (200, {**HTML, "ETag": '"v1"', "Last-Modified": "Mon, 03 Jun 2024 01:30:00 GMT"}, PAGE))

    fetched = fetcher().fetch(site.url("/a.html"))

    assert fetched.outcome == FETCHED
    assert (fetched.capture.url, fetched.capture.status, fetched.capture.body) == (site.url("/a.html"), 200, PAGE)
    assert [name for name, _value in fetched.capture.headers][-4:] == [
        "Content-Length",
        "Content-Type",
        "ETag",
        "Last-Modified",
    ]
    assert (fetched.etag, fetched.last_modified) == ('"v1"', "Mon, 03 Jun 2024 01:30:00 GMT")
    assert fetched.capture.captured_at.tzinfo is not None


def test_the_server_sees_the_archives_user_agent_and_the_encodings_it_accepts(site, fetcher):
    site.serve("/a.html", (200, HTML, PAGE))

    fetcher().fetch(site.url("/a.html"))

    (headers,) = site.asked("/a.html")
    assert headers["User-Agent"] == AGENT
    assert headers["Accept-Encoding"] == "gzip, deflate"
    assert site.asked("/robots.txt")[0]["User-Agent"] == AGENT


def test_a_path_robots_txt_disallows_is_not_fetched_and_robots_txt_is_read_once(site, fetcher):
    site.serve("/robots.txt", (200, {}, b"User-agent: *\nDisallow: /private/\n"))
    site.serve("/public.html", (200, HTML, PAGE))
    the_fetcher = fetcher()

    refused = the_fetcher.fetch(site.url("/private/a.html"))
    allowed = the_fetcher.fetch(site.url("/public.html"))

    assert (refused.outcome, refused.reason) == (SKIPPED, "robots")
    assert allowed.outcome == FETCHED
    assert site.asked("/private/a.html") == []
    assert len(site.asked("/robots.txt")) == 1


def test_robots_txt_rules_for_the_archive_are_matched_by_its_product_token(site, fetcher):
    site.serve("/robots.txt", (200, {}, b"User-agent: *\nAllow: /\n\nUser-agent: policy-archive\nDisallow: /\n"))

    assert fetcher().fetch(site.url("/a.html")).outcome == SKIPPED


def test_a_redirect_to_a_path_robots_txt_disallows_is_not_followed(site, fetcher):
    site.serve("/robots.txt", (200, {}, b"User-agent: *\nDisallow: /private/\n"))
    site.serve("/moved.html", (301, {"Location": "/private/a.html"}))

    assert fetcher().fetch(site.url("/moved.html")).outcome == SKIPPED
    assert site.asked("/private/a.html") == []


def test_a_missing_robots_txt_allows_everything(site, fetcher):
    site.serve("/a.html", (200, HTML, PAGE))  # /robots.txt answers 404

    assert fetcher().fetch(site.url("/a.html")).outcome == FETCHED


def test_robots_txt_answering_5xx_disallows_the_whole_host_for_the_run(site, fetcher):
    site.serve("/robots.txt", (503, {}, b"busy"))
    site.serve("/a.html", (200, HTML, PAGE))
    the_fetcher = fetcher(tries=2)

    first, second = the_fetcher.fetch(site.url("/a.html")), the_fetcher.fetch(site.url("/a.html"))

    assert (first.outcome, first.reason) == (SKIPPED, "robots: robots.txt unavailable (HTTP 503 after 2 tries)")
    assert second.outcome == SKIPPED
    assert site.asked("/a.html") == []
    assert len(site.asked("/robots.txt")) == 2  # two tries, then kept for the run


def test_an_unreachable_host_is_skipped_with_the_reason(fetcher):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # closed again before the fetch: nothing listens there

    fetched = fetcher(tries=1).fetch(f"http://127.0.0.1:{port}/a.html")

    assert (fetched.outcome, fetched.reason) == (SKIPPED, "robots: robots.txt unavailable (connection refused)")


def test_a_500_then_a_200_is_retried_after_a_backoff_and_fetched(site, fetcher, clock):
    site.serve("/a.html", (500, {}, b"oops"), (200, HTML, PAGE))

    fetched = fetcher(tries=3, backoff=1.5).fetch(site.url("/a.html"))

    assert fetched.outcome == FETCHED
    assert fetched.capture.body == PAGE
    assert len(site.asked("/a.html")) == 2
    assert clock.sleeps == [1.5]


def test_a_server_error_every_time_fails_after_the_tries_backing_off_exponentially(site, fetcher, clock):
    site.serve("/a.html", (502, {}, b"bad gateway"))

    fetched = fetcher(tries=3, backoff=1).fetch(site.url("/a.html"))

    assert (fetched.outcome, fetched.reason, fetched.status) == (FAILED, "HTTP 502 after 3 tries", 502)
    assert len(site.asked("/a.html")) == 3
    assert clock.sleeps == [1, 2]


def test_a_404_is_not_retried(site, fetcher):
    fetched = fetcher(tries=3).fetch(site.url("/gone.html"))

    assert (fetched.outcome, fetched.reason) == (FAILED, "HTTP 404")
    assert len(site.asked("/gone.html")) == 1


def test_a_response_slower_than_the_timeout_fails_with_timeout(site, fetcher):
    def slow(handler):
        site.released.wait(5)  # the test ends first
        handler.answer(200, HTML, PAGE)

    site.serve("/slow.html", slow)
    started = time.monotonic()

    fetched = fetcher(timeout=0.5, tries=1).fetch(site.url("/slow.html"))

    assert (fetched.outcome, fetched.reason) == (FAILED, "timeout")
    assert time.monotonic() - started < 4


def test_a_redirect_loop_fails_after_a_bounded_number_of_requests(site, fetcher):
    site.serve("/a.html", (302, {"Location": "/b.html"}))
    site.serve("/b.html", (302, {"Location": site.url("/a.html")}))

    fetched = fetcher(max_redirects=5).fetch(site.url("/a.html"))

    assert (fetched.outcome, fetched.reason) == (FAILED, "too many redirects")
    assert len(site.asked("/a.html")) == len(site.asked("/b.html")) == 1


def test_a_redirect_chain_longer_than_the_limit_fails(site, fetcher):
    for hop in range(10):
        site.serve(f"/hop/{hop}", (301, {"Location": f"/hop/{hop + 1}"}))

    fetched = fetcher(max_redirects=3).fetch(site.url("/hop/0"))

    assert (fetched.outcome, fetched.reason) == (FAILED, "too many redirects")
    assert [path for path, _headers in site.requests if path.startswith("/hop/")] == [f"/hop/{n}" for n in range(4)]


def test_a_relative_redirect_is_followed_and_the_capture_names_where_it_ended(site, fetcher):
    site.serve("/old/a.html", (301, {"Location": "../new/a.html"}))
    site.serve("/new/a.html", (200, HTML, PAGE))

    fetched = fetcher().fetch(site.url("/old/a.html"))

    assert fetched.outcome == FETCHED
    assert fetched.url == site.url("/old/a.html")
    assert fetched.capture.url == site.url("/new/a.html")


def test_a_redirect_out_of_http_fails(site, fetcher):
    site.serve("/a.html", (302, {"Location": "ftp://127.0.0.1/a.html"}))

    assert fetcher().fetch(site.url("/a.html")).reason == "not http(s)"


def test_a_body_trickling_in_past_the_deadline_fails_with_timeout(site, fetcher):
    def trickles(handler):
        handler.send_response(200)
        handler.end_headers()
        for _byte in range(100):  # a byte every 50 ms, well within the read timeout, for 5 s at most
            if site.released.wait(0.05):
                return
            handler.wfile.write(b"x")

    site.serve("/slow.html", trickles)

    fetched = fetcher(timeout=2.0, deadline=0.3, tries=1).fetch(site.url("/slow.html"))

    assert (fetched.outcome, fetched.reason) == (FAILED, "timeout")


def test_a_body_declared_over_the_size_cap_fails_before_it_is_read(site, fetcher):
    def declares_too_much(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(50 * 2**20))
        handler.end_headers()
        handler.wfile.write(b"x" * 1000)
        site.released.wait(5)  # a client that read on would time out here

    site.serve("/big.html", declares_too_much)

    fetched = fetcher(max_bytes=2**20, timeout=0.5, tries=1).fetch(site.url("/big.html"))

    assert (fetched.outcome, fetched.reason) == (FAILED, "too large")


def test_a_body_without_length_stops_being_read_past_the_size_cap(site, fetcher):
    endless = 256 * 2**20

    def streams(handler):
        handler.send_response(200)  # HTTP/1.0, no Content-Length: the body ends when the server closes
        handler.end_headers()
        try:
            while site.sent < endless:
                handler.wfile.write(b"x" * 65536)
                site.sent += 65536
        finally:
            site.done.set()

    site.serve("/stream.html", streams)

    fetched = fetcher(max_bytes=2**20, tries=1).fetch(site.url("/stream.html"))

    assert (fetched.outcome, fetched.reason) == (FAILED, "too large")
    assert site.done.wait(10)
    assert site.sent < endless / 2  # the client hung up; the server's writes failed long before the end


def test_a_small_compressed_body_that_inflates_past_the_cap_is_too_large(site, fetcher):
    bomb = gzip.compress(b"\0" * 20 * 2**20)
    site.serve("/bomb.html", (200, {**HTML, "Content-Encoding": "gzip"}, bomb))

    fetched = fetcher(max_bytes=2**20).fetch(site.url("/bomb.html"))

    assert len(bomb) < 2**20
    assert (fetched.outcome, fetched.reason) == (FAILED, "too large")


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send it
    ],
)
def test_a_compressed_body_is_kept_as_the_pages_bytes(site, fetcher, encoding, compress):
    site.serve("/a.html", (200, {**HTML, "Content-Encoding": encoding}, compress(PAGE)))

    fetched = fetcher().fetch(site.url("/a.html"))

    assert fetched.capture.body == PAGE
    assert fetched.capture.header("Content-Encoding") == encoding  # as sent: the capture records the response


def test_a_chunked_body_is_joined(site, fetcher):
    def chunked(handler):
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        for part in (PAGE[:10], PAGE[10:]):
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        handler.wfile.write(b"0\r\n\r\n")

    site.serve("/a.html", chunked)

    assert fetcher().fetch(site.url("/a.html")).capture.body == PAGE


def test_a_gbk_page_is_kept_as_its_bytes_and_discovery_decodes_it(site, fetcher):
    gbk = (PAGES / "harvest" / "listing_gbk.html").read_bytes()
    site.serve("/col/col12/index.html", (200, {"Content-Type": "text/html; charset=GBK"}, gbk))

    fetched = fetcher().fetch(site.url("/col/col12/index.html"))
    found = listing_links(fetched.capture.body, fetched.capture.url, r"/art_\d+_\d+\.html$")

    assert fetched.capture.body == gbk
    assert found.articles[1].url == site.url("/col/col12/art_12_3000.html")
    assert found.articles[1].title == "县卫健委开展义诊进乡村活动"
    assert found.next_pages == (site.url("/col/col12/index_2.html"),)


def test_a_copy_the_server_says_is_current_is_not_modified(site, fetcher):
    def conditional(handler):
        if handler.headers["If-None-Match"] == '"v1"':
            handler.answer(304, {"ETag": '"v1"'})
        else:
            handler.answer(200, {**HTML, "ETag": '"v2"'}, PAGE)

    site.serve("/a.html", conditional)
    last_modified = "Mon, 03 Jun 2024 01:30:00 GMT"

    fetched = fetcher().fetch(site.url("/a.html"), etag='"v1"', last_modified=last_modified)

    assert (fetched.outcome, fetched.capture, fetched.etag) == (NOT_MODIFIED, None, '"v1"')
    assert fetched.last_modified == last_modified
    (headers,) = site.asked("/a.html")
    assert (headers["If-None-Match"], headers["If-Modified-Since"]) == ('"v1"', last_modified)


def test_requests_to_one_host_are_the_delay_apart(site, fetcher, clock):
    site.serve("/a.html", (200, HTML, PAGE))
    site.serve("/b.html", (200, HTML, PAGE))
    the_fetcher = fetcher(delay=2.0)

    the_fetcher.fetch(site.url("/a.html"))  # after /robots.txt
    clock.now += 0.5  # the harvester's own work between two fetches counts
    the_fetcher.fetch(site.url("/b.html"))

    assert clock.sleeps == [2.0, 1.5]


def test_a_crawl_delay_longer_than_the_delay_is_honoured(site, fetcher, clock):
    site.serve("/robots.txt", (200, {}, b"User-agent: *\nCrawl-delay: 5\n"))
    site.serve("/a.html", (200, HTML, PAGE))

    fetcher(delay=2.0).fetch(site.url("/a.html"))

    assert clock.sleeps == [5.0]


def test_a_chinese_path_is_sent_percent_encoded(site, fetcher):
    site.serve("/%E9%80%9A%E7%9F%A5/a.html?q=%E9%98%B2%E6%B1%9B", (200, HTML, PAGE))

    fetched = fetcher().fetch(site.url("/通知/a.html?q=防汛"))

    assert fetched.outcome == FETCHED


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "not a URL"),
        (None, "not a URL"),
        ("ftp://127.0.0.1/a.html", "not http(s)"),
        ("javascript:alert(1)", "not http(s)"),
        ("http:///a.html", "no host"),
        ("http://127.0.0.1:port/a.html", "bad URL"),
        ("http://[::1/a.html", "bad URL"),
    ],
)
def test_odd_input_fails_with_a_reason_and_never_raises(fetcher, url, reason):
    fetched = fetcher().fetch(url)

    assert (fetched.outcome, fetched.reason) == (FAILED, reason)
