"""WARC and WACZ in (archive/captures/warc.py's WarcReader) and out (WarcWriter). The input files are
built here with warcio's own writer, from pages written for these tests."""

import base64
import gzip
import hashlib
import io
import json
import zipfile
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.captures.capture import Capture
from archive.captures.warc import Rejected, WarcReader, WarcWriter

GBK_PAGE = (
    '<html><head><meta charset="gbk"><title>县人民政府关于做好春季森林防火工作的通知</title></head>'
    "<body><h1>县人民政府关于做好春季森林防火工作的通知</h1>"
    "<p>各乡镇人民政府，县直各有关单位：当前已进入春季森林防火紧要期，请各单位落实巡山护林责任，"
    "严格管控野外用火，发现火情及时报告。</p></body></html>"
).encode("gbk")
UTF8_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于开展农村供水工程维修养护工作的通知</title>'
    "</head><body><p>各区水务局：为保障群众饮水安全，现就做好本年度农村供水工程维修养护工作通知如下。</p>"
    "<p>一、摸清工程底数。二、落实养护经费。三、加强水质检测。</p></body></html>"
).encode()
GBK_URL = "http://www.example.gov.cn/xxgk/2024/0305/fanghuo.shtml"
UTF8_URL = "https://slj.example.gov.cn/tzgg/202405/t20240506_1.html"
HTML_GBK = [("Content-Type", "text/html; charset=GBK"), ("Server", "nginx"), ("Cache-Control", "max-age=600")]
HTML_UTF8 = [("Content-Type", "text/html; charset=utf-8")]


# Input files, built with warcio: each helper returns a function that makes its record with a writer.


def response(url, body, headers=HTML_UTF8, status="200 OK", warc_date="2024-05-06T07:08:09Z"):
    def make(writer):
        http = StatusAndHeaders(status, list(headers), protocol="HTTP/1.1")
        fields = {"WARC-Date": warc_date}
        return writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http, warc_headers_dict=fields
        )

    return make


def request(url):
    def make(writer):
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "www.example.gov.cn")], is_http_request=True)
        return writer.create_warc_record(url, "request", http_headers=http)

    return make


def revisit(url):
    def make(writer):
        http = StatusAndHeaders("200 OK", list(HTML_UTF8), protocol="HTTP/1.1")
        digest = "sha1:" + base64.b32encode(hashlib.sha1(UTF8_PAGE, usedforsecurity=False).digest()).decode()
        return writer.create_revisit_record(url, digest, url, "2024-05-01T00:00:00Z", http_headers=http)

    return make


def record(kind, url, data, content_type):
    def make(writer):
        return writer.create_warc_record(
            url, kind, payload=io.BytesIO(data), length=len(data), warc_content_type=content_type
        )

    return make


def warcinfo(writer):
    return writer.create_warcinfo_record("crawl.warc.gz", {"software": "a test crawler"})


def warc_bytes(*makers, gzip=True) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip, warc_version="1.1")
    for make in makers:
        writer.write_record(make(writer))
    return out.getvalue()


def chunked(data: bytes, size: int = 50) -> bytes:
    pieces = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def wacz_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as wacz:
        for name, data in members.items():
            wacz.writestr(name, data)
    return out.getvalue()


def read(data: bytes, name: str = "crawl.warc.gz") -> tuple[list[Capture], Counter]:
    reader = WarcReader(io.BytesIO(data), name)
    return list(reader.captures()), reader.skipped


def payloads(data: bytes) -> dict[str, bytes]:
    """Each response's entity body by URL, as plain warcio reads it."""
    return {
        r.rec_headers.get_header("WARC-Target-URI"): r.content_stream().read()
        for r in ArchiveIterator(io.BytesIO(data))
        if r.rec_type == "response"
    }


# Reading


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_page_responses_become_captures_with_url_date_body_and_headers(compressed):
    data = warc_bytes(
        response(GBK_URL, GBK_PAGE, HTML_GBK, warc_date="2024-03-05T01:02:03Z"),
        response(UTF8_URL, UTF8_PAGE),
        gzip=compressed,
    )
    (gbk, utf8), skipped = read(data)
    assert gbk == Capture(
        url=GBK_URL,
        captured_at=datetime(2024, 3, 5, 1, 2, 3, tzinfo=UTC),
        body=GBK_PAGE,
        headers=tuple(HTML_GBK),
    )
    assert "森林防火" in gbk.body.decode("gbk")
    assert gbk.content_type == "text/html"
    assert (utf8.url, utf8.body, utf8.header("content-type")) == (UTF8_URL, UTF8_PAGE, "text/html; charset=utf-8")
    assert not skipped


def test_records_that_are_not_pages_are_counted_by_reason():
    data = warc_bytes(
        warcinfo,
        response(UTF8_URL, UTF8_PAGE),
        request(UTF8_URL),
        response("http://www.example.gov.cn/missing.html", b"<html>404</html>", status="404 Not Found"),
        response("http://www.example.gov.cn/old", b"", [("Location", "/new")], status="301 Moved Permanently"),
        response("http://www.example.gov.cn/logo.png", b"\x89PNG\r\n\x1a\n", [("Content-Type", "image/png")]),
        response("http://www.example.gov.cn/site.css", b"body{}", [("Content-Type", "text/css")]),
        response("http://www.example.gov.cn/blank.html", b"", HTML_UTF8),
        revisit(UTF8_URL),
        record("metadata", UTF8_URL, b"outlink: http://www.example.gov.cn/\r\n", "application/warc-fields"),
        record("resource", "urn:test:note", b"<p>a note</p>", "text/html"),
    )
    captures, skipped = read(data)
    assert [c.url for c in captures] == [UTF8_URL]
    assert skipped == {
        "not 200": 2,
        "not a page": 2,
        "empty": 1,
        "revisit": 1,
        "request": 1,
        "other records": 3,
    }


def test_chunked_gzip_encoded_body_is_read_as_the_page():
    headers = HTML_GBK + [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    data = warc_bytes(response(GBK_URL, chunked(gzip.compress(GBK_PAGE)), headers))
    (capture,), _ = read(data)
    assert capture.body == GBK_PAGE
    assert capture.header("Content-Encoding") == "gzip"  # the headers as sent


def test_body_in_an_encoding_warcio_cannot_undo_is_skipped():
    data = warc_bytes(response(UTF8_URL, b"\x1b\x00\xf8\xa5", HTML_UTF8 + [("Content-Encoding", "zstd")]))
    assert read(data) == ([], {"unreadable encoding": 1})


def test_fractional_seconds_of_warc_date_are_kept():
    (capture,), _ = read(warc_bytes(response(UTF8_URL, UTF8_PAGE, warc_date="2024-05-06T07:08:09.123456Z")))
    assert capture.captured_at == datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)


def test_page_without_content_type_is_taken_when_it_opens_with_a_tag():
    markup = "\ufeff\n  <html><body><p>关于公布第二批示范村名单的通知</p></body></html>".encode()
    data = warc_bytes(
        response(UTF8_URL, markup, [("Server", "nginx")]),
        response("http://www.example.gov.cn/data.bin", "示范村名单".encode(), [("Server", "nginx")]),
    )
    captures, skipped = read(data)
    assert [c.body for c in captures] == [markup]
    assert skipped == {"not a page": 1}


def test_wacz_yields_the_pages_of_the_warcs_in_its_archive_folder():
    data = wacz_bytes(
        {
            "datapackage.json": b'{"profile": "data-package", "resources": []}',
            "archive/data-1.warc.gz": warc_bytes(response(GBK_URL, GBK_PAGE, HTML_GBK)),
            "archive/data-2.warc": warc_bytes(response(UTF8_URL, UTF8_PAGE), request(UTF8_URL), gzip=False),
            "indexes/index.cdx": b"",
        }
    )
    captures, skipped = read(data, "crawl.wacz")
    assert [(c.url, c.body) for c in captures] == [(GBK_URL, GBK_PAGE), (UTF8_URL, UTF8_PAGE)]
    assert skipped == {"request": 1}


def test_reader_opens_a_path(tmp_path):
    path = tmp_path / "crawl.wacz"
    path.write_bytes(wacz_bytes({"archive/data.warc.gz": warc_bytes(response(UTF8_URL, UTF8_PAGE))}))
    assert [c.url for c in WarcReader(path).captures()] == [UTF8_URL]


# Files refused


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


LONG_PAGE = UTF8_PAGE.replace(b"<p>", b"<p>" + "各区水务局要加强水质检测。".encode() * 400)


@pytest.mark.parametrize(
    "data, name, reason",
    [
        (UTF8_PAGE, "page.warc", "^不是 WARC 文件:Invalid WARC record, first line: <!DOCTYPE html>"),
        (gzip.compress(UTF8_PAGE), "page.warc.gz", "^不是 WARC 文件:"),
        (b"", "crawl.warc.gz", "^空文件$"),
        (truncated(warc_bytes(response(UTF8_URL, LONG_PAGE))), "crawl.warc.gz", f"^不完整:.*{UTF8_URL}"),
        (truncated(warc_bytes(response(UTF8_URL, LONG_PAGE), gzip=False)), "crawl.warc", "^不完整:"),
        (wacz_bytes({"datapackage.json": b"{}", "pages/pages.jsonl": b""}), "crawl.wacz", "^WACZ 中没有 WARC 文件"),
        (b"PK\x03\x04 this is no zip", "crawl.wacz", "^不是可读的 zip:"),
        (
            truncated(wacz_bytes({"archive/data.warc.gz": warc_bytes(response(UTF8_URL, LONG_PAGE))})),
            "a.wacz",
            "^不是可读的 zip:",
        ),
    ],
    ids=["html", "gzipped html", "empty", "truncated gz", "truncated warc", "wacz without warc", "no zip", "cut wacz"],
)
def test_a_file_that_is_not_a_whole_warc_is_rejected_with_the_reason(data, name, reason):
    with pytest.raises(Rejected, match=reason):
        read(data, name)


BAD_RECORD = (
    b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.example/\r\nContent-Length: 36\r\n\r\n"
    b"HTTP/1.1 200 OK\r\n\r\n<p>a page</p>\r\n\r\n\r\n"
)


@pytest.mark.parametrize(
    "bad_record, reason",
    [
        (BAD_RECORD.replace(b"Content-Length: 36\r\n", b""), "Content-Length 缺失或无效"),
        (BAD_RECORD.replace(b"Content-Length: 36", b"Content-Length: 3x"), "Content-Length 缺失或无效"),
        (BAD_RECORD.replace(b"WARC-Target-URI: http://a.example/\r\n", b""), "无法解析"),
    ],
    ids=["no Content-Length", "bad Content-Length", "no WARC-Target-URI"],
)
def test_a_bad_record_after_good_ones_rejects_the_file(bad_record, reason):
    pages = WarcReader(io.BytesIO(warc_bytes(response(UTF8_URL, UTF8_PAGE)) + bad_record), "crawl.warc.gz").captures()
    assert next(pages).url == UTF8_URL
    with pytest.raises(Rejected, match=f"^不是 WARC 文件:.*{reason}"):
        next(pages)


def test_a_warc_cut_anywhere_but_between_records_is_rejected():
    out, ends = io.BytesIO(), []  # where each record's block ends and its closing blank lines begin
    writer = WARCWriter(out, gzip=False, warc_version="1.1")
    for make in (warcinfo, response(GBK_URL, GBK_PAGE, HTML_GBK), request(UTF8_URL), response(UTF8_URL, UTF8_PAGE)):
        writer.write_record(make(writer))
        ends.append(out.tell() - 4)
    data = out.getvalue()
    accepted = []
    for cut in range(1, len(data)):
        try:
            read(data[:cut], "crawl.warc")
        except Rejected:
            continue
        accepted.append(cut)
    assert accepted == [end + blank for end in ends[:-1] for blank in range(5)] + [ends[-1] + b for b in range(4)]


def test_page_over_the_size_limit_is_skipped_before_it_is_unpacked():
    bomb = gzip.compress(b"<html>" + b" " * 10_000_000)
    data = warc_bytes(response(UTF8_URL, bomb, HTML_UTF8 + [("Content-Encoding", "gzip")]), response(GBK_URL, GBK_PAGE))
    captures = list((reader := WarcReader(io.BytesIO(data), "crawl.warc.gz", max_body=len(GBK_PAGE))).captures())
    assert [c.url for c in captures] == [GBK_URL]
    assert reader.skipped == {"too large": 1}


# Writing


def written(write) -> bytes:
    out = io.BytesIO()
    write(WarcWriter(out, filename="export.warc.gz"))
    return out.getvalue()


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data, usedforsecurity=False).digest()).decode()


def test_round_trip_keeps_the_payloads_byte_for_byte_with_correct_digests():
    encoded = HTML_GBK + [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked"), ("Content-Length", "9")]
    original = warc_bytes(
        response(GBK_URL, chunked(gzip.compress(GBK_PAGE)), encoded, warc_date="2024-03-05T01:02:03.5Z"),
        response(UTF8_URL, UTF8_PAGE),
    )
    captures, _ = read(original)

    def write(writer):
        for capture in captures:
            writer.write_capture(capture)

    copy = written(write)
    assert payloads(copy) == payloads(original) == {GBK_URL: GBK_PAGE, UTF8_URL: UTF8_PAGE}
    assert gzip.decompress(copy).startswith(b"WARC/1.1\r\n")
    responses = []
    for r in ArchiveIterator(io.BytesIO(copy), check_digests="raise"):
        assert r.rec_headers.protocol == "WARC/1.1"
        body = r.content_stream().read()
        if r.rec_type == "response":
            assert r.rec_headers.get_header("WARC-Payload-Digest") == sha1_base32(body)
            assert r.rec_headers.get_header("WARC-Block-Digest")
            responses.append(r)
    assert [r.rec_headers.get_header("WARC-Date") for r in responses] == [
        "2024-03-05T01:02:03.500000Z",
        "2024-05-06T07:08:09Z",
    ]
    gbk_headers = responses[0].http_headers
    assert gbk_headers.get_header("Content-Encoding") is None
    assert gbk_headers.get_header("Transfer-Encoding") is None
    assert gbk_headers.get_header("Content-Length") == str(len(GBK_PAGE))
    assert [name for name, _ in gbk_headers.headers] == ["Content-Type", "Server", "Cache-Control", "Content-Length"]
    again, _ = read(copy)
    assert [(c.url, c.captured_at, c.body) for c in again] == [(c.url, c.captured_at, c.body) for c in captures]


def test_written_file_opens_with_a_warcinfo_record_naming_the_software():
    first = next(iter(ArchiveIterator(io.BytesIO(written(lambda writer: None)))))
    assert first.rec_type == "warcinfo"
    assert first.rec_headers.get_header("WARC-Filename") == "export.warc.gz"
    info = first.content_stream().read().decode()
    assert "software: policy-archive\r\n" in info
    assert "format: WARC File Format 1.1\r\n" in info


def test_capture_without_headers_is_written_with_the_given_media_type_and_length():
    page = Capture(UTF8_URL, datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC), GBK_PAGE)
    copy = written(lambda writer: writer.write_capture(page, media_type="text/html; charset=gbk"))
    (r,) = [r for r in ArchiveIterator(io.BytesIO(copy)) if r.rec_type == "response"]
    assert payloads(copy) == {UTF8_URL: GBK_PAGE}
    assert (r.http_headers.protocol, r.http_headers.statusline) == ("HTTP/1.1", "200 OK")
    assert r.http_headers.headers == [
        ("Content-Type", "text/html; charset=gbk"),
        ("Content-Length", str(len(GBK_PAGE))),
    ]


def test_capture_without_headers_or_media_type_is_refused():
    page = Capture(UTF8_URL, datetime(2024, 5, 6, tzinfo=UTC), UTF8_PAGE)
    with pytest.raises(ValueError, match="media_type"):
        written(lambda writer: writer.write_capture(page))


def test_metadata_record_carries_the_fields_and_refers_to_the_response():
    page = Capture(UTF8_URL, datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC), UTF8_PAGE, headers=tuple(HTML_UTF8))
    fields = {"title": "关于开展农村供水工程维修养护工作的通知", "source": "市水务局", "published_at": date(2024, 5, 6)}
    ids = {}

    def write(writer):
        ids["response"] = writer.write_capture(page)
        ids["metadata"] = writer.write_metadata(UTF8_URL, ids["response"], fields, datetime(2024, 6, 1, tzinfo=UTC))

    records = {
        r.rec_type: (r.rec_headers, r.content_stream().read()) for r in ArchiveIterator(io.BytesIO(written(write)))
    }
    headers, data = records["metadata"]
    assert headers.get_header("WARC-Record-ID") == ids["metadata"]
    assert (
        headers.get_header("WARC-Refers-To") == ids["response"] == records["response"][0].get_header("WARC-Record-ID")
    )
    assert headers.get_header("WARC-Target-URI") == UTF8_URL
    assert headers.get_header("Content-Type") == "application/json"
    assert headers.get_header("WARC-Date") == "2024-06-01T00:00:00Z"
    assert "市水务局".encode() in data  # UTF-8, not \u escapes
    assert json.loads(data) == fields | {"published_at": "2024-05-06"}


def test_request_record_is_concurrent_to_its_response():
    page = Capture(UTF8_URL, datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC), UTF8_PAGE, headers=tuple(HTML_UTF8))

    def write(writer):
        response_id = writer.write_capture(page)
        writer.write_request(UTF8_URL, [("User-Agent", "policy-archive")], page.captured_at, response_id)

    response_record, request_record = [
        r for r in ArchiveIterator(io.BytesIO(written(write))) if r.rec_type != "warcinfo"
    ]
    assert request_record.rec_type == "request"
    assert request_record.rec_headers.get_header("WARC-Concurrent-To") == response_record.rec_headers.get_header(
        "WARC-Record-ID"
    )
    http = request_record.http_headers
    assert (http.protocol, http.statusline) == ("GET", "/tzgg/202405/t20240506_1.html HTTP/1.1")
    assert http.headers == [("Host", "slj.example.gov.cn"), ("User-Agent", "policy-archive")]
