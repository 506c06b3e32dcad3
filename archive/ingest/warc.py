"""The pages of a WARC or WACZ: each HTTP 200 response of an HTML or text page becomes a page, its
copy's address the record's WARC-Target-URI and its capture time the WARC-Date, its original the
response's body with the headers it came with. What the file holds besides (404s, images, revisits,
requests, and pages that carry no article, such as index pages) is counted, not imported."""

import hashlib
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from ..captures.capture import Originals
from ..captures.warc import Rejected as Unreadable
from ..captures.warc import WarcReader
from .decode import decode_bytes, looks_truncated
from .html import parse_html
from .page import ParsedPage, Rejected
from .text import parse_text_dump

NOT_AN_ARTICLE = "not an article"


def read_warc(source: Path | BinaryIO, name: str, originals: Originals | None) -> list[tuple[ParsedPage, str]]:
    originals = originals if originals is not None else Originals()
    reader, pages, seen = WarcReader(source, name=name), [], set()
    try:
        for capture in reader.captures():
            try:
                page, raw_hash = capture_page(capture)
            except Rejected:
                originals.skipped[NOT_AN_ARTICLE] += 1
                continue
            if (capture.url, raw_hash) in seen:  # the same response captured twice
                originals.skipped["repeated"] += 1
                continue
            seen.add((capture.url, raw_hash))
            originals.captures.setdefault(raw_hash, capture)
            pages.append((page, raw_hash))
    except Unreadable as error:
        raise Rejected(str(error)) from error
    originals.skipped.update(reader.skipped)
    if not pages:
        raise Rejected(_("没有可导入的页面(%(skipped)s)") % {"skipped": describe_skipped(originals.skipped)})
    return pages


def capture_page(capture) -> tuple[ParsedPage, str]:
    """The page a captured response holds, at the capture's address and time, and the hash of its
    bytes (its copy's raw_hash); Rejected when it holds no article."""
    page = _page(capture)
    page.url, page.captured_at = capture.url, capture.captured_at
    return page, hashlib.sha256(capture.body).hexdigest()


def _page(capture) -> ParsedPage:
    text = decode_bytes(capture.body, capture.charset)
    if capture.content_type == "text/plain":
        return parse_text_dump(text)
    if looks_truncated(text):
        raise Rejected(_("不完整:页面在结束标签之前中断"))
    return parse_html(text, url=capture.url)


def describe_skipped(skipped) -> str:
    """ "12 records skipped: 8 not 200, 4 not a page"."""
    total = sum(skipped.values())
    if not total:
        return "0 records skipped"
    reasons = ", ".join(f"{n} {reason}" for reason, n in skipped.most_common())
    return f"{total} record{'' if total == 1 else 's'} skipped: {reasons}"
