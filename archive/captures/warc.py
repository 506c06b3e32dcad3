"""WARC and WACZ in and out, through warcio: the pages a web archive holds as Captures, and Captures
written back as WARC 1.1 that warcio, pywb and ReplayWeb.page read. Pure: no database.

Reading streams record by record (a WACZ's WARCs straight out of the zip) and raises Rejected for
a file that is not a whole WARC, wherever the fault lies: the caller reads everything before it
saves anything, so a file half read is a file refused."""

import json
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from warcio.archiveiterator import WARCIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser, StatusAndHeadersParserException
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from .capture import Capture


class Rejected(ValueError):
    """A file that is not a readable WARC or WACZ; the message says why (the importer passes it on
    as its own Rejected: archive/ingest/read.py)."""


PAGE_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}
MAX_BODY = 20 * 1024 * 1024  # a page's bytes once decoded: a small gzip-encoded body can unpack to gigabytes
TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}  # what a capture's body is not
ZIP_ERRORS = (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError)  # as zipfile fails on bad zips

# Why a record gave no Capture: the keys of WarcReader.skipped, in the order a report lists them.
SKIP_REASONS = (
    "not 200",  # a response with another status: redirects, 404s, server errors
    "not a page",  # images, style sheets, scripts, PDFs...
    "empty",  # a page whose body is empty
    "too large",  # a page whose body is over max_body
    "unreadable encoding",  # a Content-Encoding warcio cannot undo (br without brotli, zstd...)
    "not HTTP",  # a response record that holds no HTTP response (dns:, whois:, or an empty block)
    "revisit",  # "same as before": the body is in another record, often in another file
    "request",
    "other records",  # warcinfo, metadata, resource, conversion, continuation
)


class WarcReader:
    """The pages in a .warc, .warc.gz or .wacz, and a count of what was left out and why.

    `source` is a path or a binary file (seekable for a WACZ); `name` (the path's name by default)
    says whether it is a WACZ. `captures()` yields a Capture per 200 response that is a page and
    fills `skipped`, by reason (SKIP_REASONS), as it goes; a page over `max_body` bytes is skipped."""

    def __init__(self, source: str | Path | BinaryIO, name: str = "", max_body: int = MAX_BODY):
        if not name and isinstance(source, str | Path):
            name = Path(source).name
        self.source = source
        self.name = name or getattr(source, "name", "")
        self.max_body = max_body
        self.skipped: Counter[str] = Counter()

    def captures(self) -> Iterator[Capture]:
        try:
            yield from self._captures()
        except (ArchiveLoadFailed, StatusAndHeadersParserException) as error:
            raise Rejected(_("不是 WARC 文件:%(reason)s") % {"reason": _first_line(error)}) from error
        except zipfile.BadZipFile as error:  # a member's bytes fail their CRC as they are read
            raise _unreadable_zip(error) from error
        except (zlib.error, EOFError, OSError) as error:
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            raise Rejected(_("无法读取:%(reason)s") % {"reason": reason}) from error

    def _captures(self) -> Iterator[Capture]:
        if self.name.lower().endswith(".wacz"):
            yield from self._wacz_captures()
        elif isinstance(self.source, str | Path):
            with open(self.source, "rb") as stream:
                yield from self._stream_captures(stream)
        else:
            yield from self._stream_captures(self.source)

    def _wacz_captures(self) -> Iterator[Capture]:
        try:
            wacz = zipfile.ZipFile(self.source)
        except ZIP_ERRORS as error:
            raise _unreadable_zip(error) from error
        with wacz:
            members = sorted(
                name
                for name in wacz.namelist()
                if name.startswith("archive/") and name.lower().endswith((".warc", ".warc.gz"))
            )
            if not members:
                raise Rejected(_("WACZ 中没有 WARC 文件(archive/ 下没有 .warc 或 .warc.gz)"))
            for member in members:
                try:
                    stream = wacz.open(member)
                except ZIP_ERRORS as error:
                    raise _unreadable_zip(error) from error
                with stream:
                    yield from self._stream_captures(stream)

    def _stream_captures(self, stream: BinaryIO) -> Iterator[Capture]:
        # WARCIterator, not ArchiveIterator: a file that is not WARC fails at its first line instead of
        # being taken for an ARC file whenever that line has five words.
        records, count, previous = WARCIterator(stream), 0, None
        while (record := _next_record(records)) is not None:
            _check_complete(previous)
            count, previous = count + 1, record
            capture = self._capture(record)
            if capture is not None:
                yield capture
        _check_complete(previous)
        _check_all_read(records)
        if not count:
            raise Rejected(_("空文件"))

    def _capture(self, record: ArcWarcRecord) -> Capture | None:
        """The record's page, or None with the reason counted."""
        reason = _skip_reason(record)
        if reason is None:
            body = record.content_stream().read(self.max_body + 1)  # no further: it may be a gzip bomb
            reason = _body_skip_reason(body, record.http_headers, self.max_body)
        if reason:
            self.skipped[reason] += 1
            return None
        http = record.http_headers
        status, _space, message = http.statusline.partition(" ")
        return Capture(
            url=record.rec_headers.get_header("WARC-Target-URI"),
            captured_at=_warc_date(record),
            body=body,
            status=int(status),
            reason=message.strip(),
            headers=tuple(http.headers),
            protocol=http.protocol,
        )


def _next_record(records: WARCIterator) -> ArcWarcRecord | None:
    try:
        record = next(records, None)
    except AttributeError as error:  # warcio 1.8.1, on a response or request record without WARC-Target-URI
        raise Rejected(_("不是 WARC 文件:%(reason)s") % {"reason": _("有一条记录无法解析")}) from error
    length = (record.rec_headers.get_header("Content-Length") or "").strip() if record else "0"
    if not (length.isascii() and length.isdigit()):  # warcio reads a bad one as 0, or on to the file's end
        raise Rejected(_("不是 WARC 文件:%(reason)s") % {"reason": _("记录的 Content-Length 缺失或无效")})
    return record


def _skip_reason(record: ArcWarcRecord) -> str | None:
    """Why a record is no page, from its headers alone; None when its body is worth reading."""
    if record.rec_type in ("revisit", "request"):
        return record.rec_type
    if record.rec_type != "response":
        return "other records"
    http = record.http_headers
    if not http:
        return "not HTTP"
    if http.get_statuscode() != "200":
        return "not 200"
    media_type = http.get_header("Content-Type", "").split(";", 1)[0].strip().lower()
    if media_type and media_type not in PAGE_TYPES:
        return "not a page"
    encoding = http.get_header("Content-Encoding", "").strip().lower()
    if encoding not in ("", "identity", *BufferedReader.get_supported_decompressors()):
        return "unreadable encoding"
    return None


def _body_skip_reason(body: bytes, http: StatusAndHeaders, max_body: int) -> str | None:
    if not body:
        return "empty"
    if len(body) > max_body:
        return "too large"
    if not http.get_header("Content-Type") and not _looks_like_markup(body):
        return "not a page"
    return None


def _looks_like_markup(body: bytes) -> bool:
    """A page served without Content-Type is taken for HTML when it opens with a tag."""
    return body.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def _warc_date(record: ArcWarcRecord) -> datetime:
    """WARC-Date as an aware UTC datetime, fractional seconds (WARC 1.1) kept."""
    value = record.rec_headers.get_header("WARC-Date") or ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Rejected(_("WARC-Date 无效:%(date)s") % {"date": value[:40] or _("缺失")}) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _check_complete(record: ArcWarcRecord | None) -> None:
    """warcio ends quietly where a file is cut off; a record that got fewer bytes than its
    Content-Length says is how a truncated file shows."""
    if record is not None and getattr(record.raw_stream, "limit", 0) > 0:
        where = record.rec_headers.get_header("WARC-Target-URI") or record.rec_type
        raise Rejected(_("不完整:文件在一条 WARC 记录的中间结束(%(record)s)") % {"record": where})


def _check_all_read(records: WARCIterator) -> None:
    """warcio also ends quietly where a file is cut off inside a record's headers, before it yields
    the record: then the bytes after the last record it read are not all of the file."""
    if records.offset < records.fh.tell():
        raise Rejected(_("不完整:文件在一条 WARC 记录的中间结束(%(record)s)") % {"record": _("记录头")})


def _unreadable_zip(error: Exception) -> Rejected:
    return Rejected(_("不是可读的 zip:%(error)s") % {"error": error})


def _first_line(error: Exception) -> str:
    line = next((line.strip() for line in str(error).splitlines() if line.strip()), type(error).__name__)
    return line if len(line) <= 120 else line[:119] + "…"


class WarcWriter:
    """WARC 1.1, one gzip member per record (a .warc.gz), written as the records come: a warcinfo
    record first, then responses, requests and the archive's metadata. warcio adds each record's
    WARC-Record-ID, WARC-Block-Digest and WARC-Payload-Digest."""

    def __init__(self, stream: BinaryIO, filename: str = "", description: str = ""):
        self.warc = WARCWriter(stream, gzip=True, warc_version="1.1")
        info = {
            "software": "policy-archive",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "description": description or "Pages of Chinese policy announcements, as the archive captured them",
        }
        self.warc.write_record(self.warc.create_warcinfo_record(filename, info))

    def write_capture(self, capture: Capture, media_type: str | None = None) -> str:
        """A response record for the capture; its WARC-Record-ID. The body is written as the page's
        bytes, so the transfer's Content-Encoding and Transfer-Encoding go and Content-Length is the
        body's. `media_type` ("text/html; charset=gbk") is the Content-Type of a capture that has none,
        as a page imported from a file has no headers."""
        headers = [(name, value) for name, value in capture.headers if name.lower() not in TRANSFER_HEADERS]
        http = StatusAndHeaders(f"{capture.status} {capture.reason}".strip(), headers, capture.protocol)
        if not http.get_header("Content-Type"):
            if not media_type:
                raise ValueError(f"{capture.url}: a capture without Content-Type needs a media_type")
            http.add_header("Content-Type", media_type)
        http.add_header("Content-Length", str(len(capture.body)))
        record = self.warc.create_warc_record(
            capture.url,
            "response",
            payload=BytesIO(capture.body),
            length=len(capture.body),
            http_headers=http,
            warc_headers_dict=_warc_headers("response", capture.url, capture.captured_at),
        )
        return self._write(record)

    def write_request(
        self, url: str, headers: list[tuple[str, str]], date: datetime, concurrent_to: str, method: str = "GET"
    ) -> str:
        """The request that fetched a response, WARC-Concurrent-To the response's record; its WARC-Record-ID."""
        address = urlsplit(url)
        target = (address.path or "/") + (f"?{address.query}" if address.query else "")
        http = StatusAndHeaders(f"{method} {target} HTTP/1.1", list(headers), is_http_request=True)
        if not http.get_header("Host"):
            http.headers.insert(0, ("Host", address.netloc))
        fields = _warc_headers("request", url, date) | {"WARC-Concurrent-To": concurrent_to}
        return self._write(self.warc.create_warc_record(url, "request", http_headers=http, warc_headers_dict=fields))

    def write_metadata(self, url: str, record_id: str, fields: dict, date: datetime | None = None) -> str:
        """The archive's fields for the page in record `record_id`, as UTF-8 JSON (dates as ISO 8601);
        its WARC-Record-ID.
        WARC-Refers-To, not WARC-Concurrent-To: the fields were read from the page afterwards, not
        captured with it."""
        data = json.dumps(fields, ensure_ascii=False, cls=DjangoJSONEncoder).encode()
        headers = _warc_headers("metadata", url, date or datetime.now(UTC)) | {"WARC-Refers-To": record_id}
        record = self.warc.create_warc_record(
            url,
            "metadata",
            payload=BytesIO(data),
            length=len(data),
            warc_content_type="application/json",
            warc_headers_dict=headers,
        )
        return self._write(record)

    def _write(self, record: ArcWarcRecord) -> str:
        self.warc.write_record(record)
        return record.rec_headers.get_header("WARC-Record-ID")


def _warc_headers(kind: str, url: str, date: datetime) -> dict[str, str]:
    """The first WARC headers of a record, in the usual order (warcio fills in the values it owns)."""
    if date.tzinfo is None:
        raise ValueError(f"{url}: WARC-Date needs an aware datetime, not {date}")
    moment = datetime_to_iso_date(date.astimezone(UTC).replace(tzinfo=None), use_micros=True)
    record_id = StatusAndHeadersParser.make_warc_id()
    return {"WARC-Type": kind, "WARC-Record-ID": record_id, "WARC-Target-URI": url, "WARC-Date": moment}
