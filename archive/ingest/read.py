"""Bytes on disk -> ParsedPages, by format: .html/.htm pages, .txt page dumps, .jsonl records."""

import hashlib
import json
from datetime import date, datetime, time
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from ..captures.capture import Capture, Originals
from .decode import decode_bytes, looks_truncated, without_controls
from .html import parse_html
from .page import ParsedPage, Rejected
from .text import parse_text_dump
from .warc import read_warc

SHANGHAI = ZoneInfo("Asia/Shanghai")
FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".txt": "text",
    ".jsonl": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".wacz": "wacz",
}
# How an original read from a file is served again (a file has no HTTP headers of its own).
MEDIA_TYPES = {"html": "text/html", "text": "text/plain", "jsonl": "application/json"}


def find_files(paths) -> tuple[list[Path], list[Path]]:
    """The files to import under the given files and folders, in a stable order, and the files the
    folders held in no importable format, left out. A file named by itself is always taken (and
    rejected with a reason if its format is not one of FORMATS)."""
    found, skipped = [], []
    for path in map(Path, paths):
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                (found if format_of(file.name) else skipped).append(file)
        else:
            found.append(path)
    return found, skipped


def read_file(path: Path, max_bytes: int, originals: Originals | None = None) -> list[tuple[ParsedPage, str]]:
    """Every page in a file with the hash of its raw bytes; Rejected with a reason for a bad file.
    Given originals, the bytes each page was made from go there, by that hash."""
    kind = format_of(path.name)
    if kind is None:
        raise Rejected(
            _("不支持的格式:%(suffix)s(请用 .html、.htm、.txt、.jsonl、.warc、.warc.gz 或 .wacz)")
            % {"suffix": path.suffix or _("无扩展名")}
        )
    if kind in ("warc", "wacz"):  # read as a stream; the size cap holds for each page instead
        return read_warc(path, path.name, originals)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise Rejected(_("无法读取:%(reason)s") % {"reason": error.strerror}) from error
    if size > max_bytes:
        raise Rejected(
            _("过大:%(size).1f MB,上限为 %(limit).0f MB") % {"size": size / 1_048_576, "limit": max_bytes / 1_048_576}
        )
    return read_bytes(path.read_bytes(), kind, name=path.name, originals=originals)


def format_of(name: str) -> str | None:
    """The kind of file a name says: html, text, jsonl, warc or wacz; None for any other."""
    lower = name.lower()
    return FORMATS.get(".warc.gz") if lower.endswith(".warc.gz") else FORMATS.get(Path(lower).suffix)


def read_bytes(
    data: bytes, kind: str, name: str = "", originals: Originals | None = None
) -> list[tuple[ParsedPage, str]]:
    if kind in ("warc", "wacz"):
        return read_warc(BytesIO(data), name or f"upload.{kind}", originals)
    if kind == "jsonl":
        return parse_jsonl(decode_bytes(data), originals)
    raw_hash = hashlib.sha256(data).hexdigest()
    text = decode_bytes(data)
    if kind == "html":
        if looks_truncated(text):
            raise Rejected(_("不完整:页面在结束标签之前中断"))
        page = parse_html(text)
    else:
        page = parse_text_dump(text)
    _keep(originals, raw_hash, data, MEDIA_TYPES[kind], page)
    return [(page, raw_hash)]


def _keep(originals: Originals | None, raw_hash: str, data: bytes, media_type: str, page: ParsedPage) -> None:
    if originals is not None and raw_hash not in originals.captures:
        captured_at = page.captured_at or timezone.now()
        headers = (("Content-Type", media_type),)
        originals.captures[raw_hash] = Capture(url=page.url, captured_at=captured_at, body=data, headers=headers)


def parse_jsonl(text: str, originals: Originals | None = None) -> list[tuple[ParsedPage, str]]:
    pages = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            data = line.encode()
            raw_hash = hashlib.sha256(data).hexdigest()
            page = page_from_record(record)
            _keep(originals, raw_hash, data, MEDIA_TYPES["jsonl"], page)
            pages.append((page, raw_hash))
        except RecursionError:
            raise Rejected(_("第 %(line)d 行:嵌套过深") % {"line": number}) from None
        except (ValueError, TypeError, AttributeError, OverflowError) as error:
            raise Rejected(_("第 %(line)d 行:%(error)s") % {"line": number, "error": error}) from error
    if not pages:
        raise Rejected(_("没有记录"))
    return pages


def _text(record, key):
    value = record.get(key) or ""
    if not isinstance(value, str):
        raise ValueError(_("%(key)s 必须是字符串") % {"key": key})
    return without_controls(value).strip()


# A record's own names for a document's fields (ZhouYNF's gov.cn columns and the export's), and the
# table label the document reader knows each by.
RECORD_FIELDS = {
    "release_number": "发文字号",
    "document_number": "发文字号",
    "release_office": "发文机关",
    "issuers": "发文机关",
    "index_number": "索引号",
    "written_date": "成文日期",
    "effective_date": "施行日期",
    "doc_type": "文种",
    "validity": "有效性",
}


def page_from_record(record: dict) -> ParsedPage:
    if not isinstance(record, dict):
        raise ValueError(_("每行必须是一个 JSON 对象"))
    if record.get("html") and not record.get("body"):
        return _page_from_html(record)
    title, body = _text(record, "title"), _text(record, "body")
    if not title or not body:
        raise ValueError(_("记录须有 title 和 body"))
    body = "\n\n".join(" ".join(p.split()) for p in body.splitlines() if p.strip())
    return ParsedPage(
        title=" ".join(title.split()),
        body=body,
        published_at=record_datetime(record),
        author=_text(record, "author"),
        source=_text(record, "source"),
        section=_text(record, "section"),
        url=_text(record, "url"),
        site=_text(record, "site"),
        fields=record_fields(record),
    )


def _page_from_html(record: dict) -> ParsedPage:
    """A record carrying its page's HTML: the page parsed, the record's own fields winning."""
    try:
        page = parse_html(_text(record, "html"), url=_text(record, "url") or _text(record, "crawl_url"))
    except Rejected as error:
        raise ValueError(str(error)) from None
    if _text(record, "title"):
        page.title = " ".join(_text(record, "title").split())
    if record.get("published_at") or record.get("date"):
        page.published_at = record_datetime(record)
    if page.published_at is None:
        raise ValueError(_("记录须有日期(published_at 或 date)"))
    for key in ("author", "source", "section", "site"):
        setattr(page, key, _text(record, key) or getattr(page, key))
    page.fields = {**page.fields, **record_fields(record)}
    return page


def record_fields(record: dict) -> dict[str, str]:
    """The document fields a record carries, under the labels of a page's metadata table."""
    fields: dict[str, str] = {}
    for key, label in RECORD_FIELDS.items():
        value = record.get(key)
        if isinstance(value, list):
            value = "、".join(str(v).strip() for v in value if isinstance(v, str) and v.strip())
        if isinstance(value, str) and value.strip() and label not in fields:
            fields[label] = without_controls(value).strip()
    return fields


def record_datetime(record: dict) -> datetime:
    """published_at (ISO 8601) or date (YYYY-MM-DD) with an optional time (HH:MM); naive means Beijing time."""
    if record.get("published_at"):
        moment = datetime.fromisoformat(_text(record, "published_at"))
    elif record.get("date"):
        day = date.fromisoformat(_text(record, "date"))
        clock = time.fromisoformat(_text(record, "time")) if record.get("time") else time()
        moment = datetime.combine(day, clock)
    else:
        raise ValueError(_("记录须有日期(published_at 或 date)"))
    return moment.replace(tzinfo=SHANGHAI) if moment.tzinfo is None else moment.astimezone(SHANGHAI)
