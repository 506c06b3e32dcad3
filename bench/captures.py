"""Pages and a site for the captures benchmark (bench_captures): xwlb records rendered as the
pages a county site would serve (written here: a header, a navigation bar, the article, a footer),
a WARC of them as a crawler would write it, and a local site serving them with a feed."""

import html
import io
import json
import multiprocessing
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CHROME_TOP = (
    "<div class='top'><a href='/'>首页</a> <a href='/xxgk/'>信息公开</a> <a href='/zwdt/'>政务动态</a>"
    " <a href='/bmfw/'>便民服务</a></div><div class='crumb'>当前位置：首页 &gt; 政务动态 &gt; 中央要闻</div>"
)
CHROME_BOTTOM = "<div class='foot'>主办：示范县人民政府办公室　备案号：X ICP备00000000号</div>"


def records(path, limit: int) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            # Items of a few lines (a commentary's teaser) are no article: the importer rejects them.
            if record.get("title") and len(record.get("body") or "") >= 200:
                out.append(record)
            if len(out) == limit:
                break
    return out


def synthetic_records(count: int) -> list[dict]:
    """count records made from the corpus's sentences (bench/synthetic.py, as bench_search builds its
    archive), for runs larger than the corpus."""
    from .corpus import XWLB
    from .synthetic import synthetic_pages

    return [
        {
            "title": page.title,
            "body": page.body.replace("\n\n", "\n"),
            "date": f"{page.local_date}",
            "source": page.source,
        }
        for page, _ in synthetic_pages(XWLB, count)
    ]


def page_html(record: dict) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in record["body"].splitlines() if p.strip())
    title = html.escape(record["title"])
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}_示范县人民政府</title></head><body>"
        f"{CHROME_TOP}<h1>{title}</h1>"
        f"<div class='info'>发布时间：{record['date']} 来源：{html.escape(record.get('source', ''))}</div>"
        f"<div class='content'>{paragraphs}</div>{CHROME_BOTTOM}</body></html>"
    ).encode()


def page_path(n: int) -> str:
    return f"/zwdt/{n:06d}.html"


def warc_of(pages: list[bytes], host: str = "http://www.shifan.example.gov.cn") -> bytes:
    """A crawler's WARC of the pages: a request and a response each."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for n, body in enumerate(pages):
        url = host + page_path(n)
        date = (start + timedelta(seconds=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        fields = {"WARC-Date": date}
        request = StatusAndHeaders(
            "GET " + page_path(n) + " HTTP/1.1", [("Host", "www.shifan.example.gov.cn")], is_http_request=True
        )
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request, warc_headers_dict=fields))
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http, warc_headers_dict=fields
            )
        )
    return out.getvalue()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        pages = self.server.pages
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path == "/feed.xml":
            items = "".join(f"<item><link>{self.server.url(page_path(n))}</link></item>" for n in range(len(pages)))
            body, kind = (
                f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>".encode(),
                "application/rss+xml",
            )
        else:
            try:
                body, kind = pages[int(self.path.rsplit("/", 1)[1].split(".")[0])], "text/html; charset=utf-8"
            except (ValueError, IndexError):
                self.send_error(404)
                return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Site:
    """The pages served on 127.0.0.1 by a process of its own (the harvester has the other core),
    with /feed.xml listing them all."""

    def __init__(self, pages: list[bytes]):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.pages = pages
        self.server.url = self.url
        self.process = multiprocessing.get_context("fork").Process(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def __enter__(self):
        self.process.start()
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.join()
        self.server.server_close()
