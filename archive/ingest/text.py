"""Plain-text page dumps: labelled lines (时间:, 作者:, 来源:), a title, prose, and chrome around them.

Found by structure, not by site: the metadata block is the run of labelled lines, the title is the
unlabelled line next to it, and the body is the run of prose that follows until chrome takes over.
"""

import re
from datetime import datetime

from django.utils.translation import gettext as _

from .dates import labelled_date, parse_date
from .page import ParsedPage, Rejected
from .text_lines import (
    BREADCRUMB_PREFIX,
    breadcrumb,
    cjk_len,
    clean_name,
    collapse,
    is_chrome,
    is_end_marker,
    says_not_found,
    split_labelled,
    starts_with_label,
)

MIN_BODY_CJK = 40
_SENTENCE_END = re.compile(r"[。！？；…”’）)」』!?]$")
_BYLINE = re.compile(r"[（(]\s*(?:本报)?记者\s*([\u4e00-\u9fa5·]{2,4}(?:[ 、，,][\u4e00-\u9fa5·]{2,4})*)\s*[)）]\s*$")
_DATE_LABELS = ("发布时间", "发布日期", "发稿时间", "发表时间", "时间", "日期")
_SOURCE_LABELS = ("来源", "信息来源", "文章来源", "来源于", "稿件来源", "出处")


def parse_text_dump(text: str, url: str = "", site: str = "") -> ParsedPage:
    lines = [collapse(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    labelled = [i for i, line in enumerate(lines) if starts_with_label(line)]
    block = _meta_block(lines, labelled)
    if block:
        title_at, body_from = _title_near_block(lines, block)
    else:
        title_at, body_from = _title_before_prose(lines)
    body = _body(lines, body_from) if title_at is not None else ""
    if cjk_len(body) < MIN_BODY_CJK:
        raise Rejected(_no_article(text, body))
    title = lines[title_at]
    in_block = _labels(lines, list(range(block[0], block[1] + 1)) if block else [])
    meta = {**_labels(lines, labelled), **in_block}
    return ParsedPage(
        title=title,
        body=body,
        published_at=_published(in_block) or _published(meta) or labelled_date(text),
        author=_author(meta, body),
        source=_first(meta, _SOURCE_LABELS),
        section=_section(lines, title),
        url=url,
        site=site,
    )


def _no_article(text: str, body: str) -> str:
    phrase = says_not_found(text)
    if phrase:
        return _("没有文章:页面上写着“%(phrase)s”") % {"phrase": phrase}
    return _("没有文章:正文只有 %(n)d 个汉字") % {"n": cjk_len(body)}


def _meta_block(lines: list[str], labelled: list[int]) -> tuple[int, int] | None:
    """(first, last) line of the first run of labelled lines that dates or credits the article.

    Runs without such labels are chrome (字号：大 中 小), so they are passed over.
    """
    runs: list[list[int]] = []
    for i in labelled:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    credited = [run for run in runs if _credits(lines, run)]
    for run in credited:
        if _headline_next_to(lines, run[0], run[-1]):
            return run[0], run[-1]
    return (credited[0][0], credited[0][-1]) if credited else None


def _credits(lines: list[str], run: list[int]) -> bool:
    labels = {label for i in run for label, _ in split_labelled(lines[i])}
    return bool(labels & set(_DATE_LABELS + _SOURCE_LABELS + ("作者", "记者")))


def _headline_next_to(lines: list[str], start: int, end: int) -> bool:
    """A title-like line just below (or above) the run, with prose right after it."""
    for at, prose_at in ((end + 1, end + 2), (start - 1, end + 1)):
        if 0 <= at and prose_at < len(lines) and _title_like(lines[at]) and _prose(lines[prose_at]):
            return True
    return False


def _title_near_block(lines: list[str], block: tuple[int, int]) -> tuple[int | None, int]:
    start, end = block
    if end + 1 < len(lines) and _title_like(lines[end + 1]):
        return end + 1, end + 2
    if start > 0 and _title_like(lines[start - 1]):
        return start - 1, end + 1
    return _title_before_prose(lines)


def _title_before_prose(lines: list[str]) -> tuple[int | None, int]:
    for i, line in enumerate(lines[:-1]):
        if _title_like(line) and any(_prose(n) for n in lines[i + 1 : i + 4]):
            return i, i + 1
    return None, len(lines)


def _title_like(line: str) -> bool:
    return (
        4 <= cjk_len(line)
        and len(line) <= 80
        and "。" not in line
        and not starts_with_label(line)
        and not BREADCRUMB_PREFIX.match(line)
        and not is_chrome(line)
        and not is_end_marker(line)
    )


def _prose(line: str) -> bool:
    return cjk_len(line) >= 15 and (len(line) >= 30 or bool(_SENTENCE_END.search(line)))


def _body(lines: list[str], start: int) -> str:
    """The run of prose from start; short lines survive only between prose lines (subheadings)."""
    kept: list[str] = []
    pending: list[str] = []
    for line in lines[start:]:
        if is_end_marker(line) or (kept and (is_chrome(line) or starts_with_label(line))):
            break
        if _prose(line):
            kept.extend(pending)
            kept.append(line)
            pending = []
        elif kept:
            pending.append(line)
            if len(pending) > 3:  # a list of links, not a subheading
                break
    return "\n\n".join(kept)


def _labels(lines: list[str], labelled: list[int]) -> dict[str, str]:
    """Label -> value, the first non-empty value winning."""
    meta: dict[str, str] = {}
    for i in labelled:
        for label, value in split_labelled(lines[i]):
            if value and label not in meta:
                meta[label] = value
    return meta


def _first(meta: dict[str, str], labels: tuple[str, ...]) -> str:
    for label in labels:
        if meta.get(label):
            return clean_name(meta[label])
    return ""


def _published(meta: dict[str, str]) -> datetime | None:
    for label in _DATE_LABELS:
        value = parse_date(meta.get(label, ""))
        if value:
            return value
    return None


def _author(meta: dict[str, str], body: str) -> str:
    name = _first(meta, ("作者", "记者"))
    if name:
        return name
    m = _BYLINE.search(body)
    return m.group(1) if m else ""


def _section(lines: list[str], title: str) -> str:
    for line in lines:
        if BREADCRUMB_PREFIX.match(line) and re.search(r">|»|→", line):
            return breadcrumb(line, drop=(title,))
    return ""
