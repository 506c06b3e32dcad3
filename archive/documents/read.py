"""A policy document's record read from a page: its title, body, metadata table and publication day.

Each field is taken from the first source that has it, in this order: the page's metadata table
(fields), the number line under the title, the signature block (issuer lines over a date line),
a rule's head note (…部务会议通过), and the title's issuer prefix. A text with none of a number, a
table of a document's fields, a signed issuer-and-kind title or numbered articles under a normative
title is not a document: read_document returns None for news.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from ..search.tokenize import normalise
from . import fields as f
from .dates import effective_date, expires_on, find_written_dates, parse_day
from .issuers import head_note, resolve_names, signature, split_names, title_issuers
from .kinds import doc_type, enclosed
from .numbers import parse_number
from .references import Reference, find_references

_HEAD_LINES = 6
_NORMATIVE = frozenset("办法 规定 条例 细则 规则 准则 规范 规程 解释 标准".split())
_FIRST_ARTICLE = re.compile(r"^第一条\s*", re.M)
_EFFECTIVE_LINE = re.compile(r"^\s*(?P<date>\S{8,16}日)\s*(?:起)?(?:施行|实施|生效)[\s）)]*$")


@dataclass
class DocumentRecord:
    number: str = ""
    issuers: list[str] = field(default_factory=list)
    written_date: date | None = None
    effective_date: date | None = None
    expires_on: date | None = None
    doc_type: str = ""
    enclosed_title: str = ""
    enclosed_type: str = ""
    index_number: str = ""
    subject: str = ""
    validity: str = ""
    references: list[Reference] = field(default_factory=list)


def read_document(
    title: str, body: str, fields: dict[str, str], published: date | None, agencies: dict[str, str]
) -> DocumentRecord | None:
    """The record of the document this page is, or None when it is not a policy document."""
    table = f.by_field(fields)
    lines = [line.strip() for line in (body or "").splitlines() if line.strip()]
    head_number = number_line(lines[:_HEAD_LINES])
    signed_names, signed_day = signature(lines, agencies)
    noted_names, noted_day, noted_number = head_note(lines, agencies)
    prefix = title_issuers(title, agencies)
    kind = table.get(f.DOC_TYPE) or doc_type(title)
    number = _number(table.get(f.NUMBER, "")) or head_number or noted_number
    if not _is_document(title, body, table, number, kind, prefix, signed_day or noted_day):
        return None
    published = published or parse_day(table.get(f.PUBLISHED, ""))
    inner_title, inner_type = enclosed(title)
    if signed_names and inner_title.startswith(signed_names[0]) and not title.startswith(signed_names[0]):
        signed_names, signed_day = [], None  # the forwarded report's own signature, not the notice's
    written = parse_day(table.get(f.WRITTEN, "")) or signed_day or noted_day
    effective = (
        parse_day(table.get(f.EFFECTIVE, "")) or effective_date(body, published, written) or _effective_line(lines)
    )
    names = (
        split_names(table.get(f.ISSUERS, ""))
        or signed_names
        or _order_issuer(number, agencies)
        or noted_names
        or prefix
    )
    return DocumentRecord(
        number=number,
        issuers=resolve_names(names, agencies),
        written_date=written,
        effective_date=effective,
        expires_on=parse_day(table.get(f.EXPIRES, "")) or expires_on(body, effective or written),
        doc_type=kind,
        enclosed_title=inner_title,
        enclosed_type=inner_type,
        index_number=table.get(f.INDEX, ""),
        subject=table.get(f.SUBJECT, ""),
        validity=f.validity(table.get(f.VALIDITY, "")),
        references=find_references(f"{title}\n{body}", title, number, inner_title),
    )


def _number(text: str) -> str:
    parsed = parse_number(text)
    return parsed.normalised if parsed else ""


def number_line(lines: list[str]) -> str:
    """The number printed under the title: a line that is a number and nothing else (an order's
    number may be split over two lines: 中华人民共和国国务院令 / 第707号)."""
    for i, line in enumerate(lines):
        number = _number(line)
        if number:
            return number
        if line.endswith("令") and i + 1 < len(lines):
            number = _number(line + lines[i + 1])
            if number:
                return number
    return ""


def _order_issuer(number: str, agencies: dict[str, str]) -> list[str]:
    """An order names its issuer: 公安部令第160号 is the 公安部's, 中华人民共和国国务院令 the 国务院's."""
    parsed = parse_number(number)
    if parsed is None or not parsed.is_order:
        return []
    name = parsed.code.removesuffix("令")
    return (
        [name]
        if name and (normalise(name) in agencies or normalise(name).removeprefix("中华人民共和国") in agencies)
        else []
    )


def _is_document(title, body, table, number, kind, prefix, dated) -> bool:
    """A number, a table of a document's fields, an issuer's dated 关于…的 title, or numbered articles
    under a normative title."""
    if number or table.keys() & {f.ISSUERS, f.NUMBER, f.WRITTEN}:
        return True
    if prefix and kind and "关于" in title and dated:
        return True
    return kind in _NORMATIVE and not title.rstrip().endswith("》") and bool(_FIRST_ARTICLE.search(body or ""))


def _effective_line(lines: list[str]) -> date | None:
    """A rule's head note "2020年9月14日 施行"."""
    for line in lines[:_HEAD_LINES]:
        m = _EFFECTIVE_LINE.match(line)
        if m and find_written_dates(m["date"]):
            return parse_day(m["date"])
    return None
