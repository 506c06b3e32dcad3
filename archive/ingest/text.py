"""Plain-text page dumps: labelled lines (时间:, 作者:, 来源:), a title, prose, and chrome around them.

Found by structure, not by site: the metadata block is the run of labelled lines, the title is the
unlabelled line next to it, and the body is the run of prose that follows until chrome takes over.
"""

import re
from datetime import datetime

from django.utils.translation import gettext as _

from .dates import find_dates, labelled_date
from .page import ParsedPage, Rejected
from .text_header import Header, crawler_header
from .text_lines import (
    BREADCRUMB_PREFIX,
    breadcrumb,
    cjk_len,
    clean_name,
    collapse,
    is_chrome,
    is_end_marker,
    is_page_control,
    says_not_found,
    split_labelled,
    squash,
    starts_with_label,
    without_trailing_navigation,
)

MIN_BODY_CJK = 40
_SENTENCE_END = re.compile(r"[。！？；…”’）)」』!?]$")
_BYLINE = re.compile(r"[（(]\s*(?:本报)?记者\s*([\u4e00-\u9fa5·]{2,4}(?:[ 、，,][\u4e00-\u9fa5·]{2,4})*)\s*[)）]\s*$")
_DATE_LABELS = ("发布时间", "发布日期", "发稿时间", "发表时间", "时间", "日期")
_SOURCE_LABELS = ("来源", "信息来源", "文章来源", "来源于", "稿件来源", "出处")
_ISSUER = re.compile(r"(?:政府|办公室|办公厅|委员会|局|厅|部|院|署|中心|公司|会|组|社|处|所|队|站|行|台|国务院)$")
_LABEL_ONLY = re.compile(r"^[^，。]{1,8}[:：]$")  # 发文字号：, 主 题 词： in a flattened table
_ASIDE = re.compile(r"^[（(][^()（）]{2,20}[)）]$")


def parse_text_dump(text: str, url: str = "", site: str = "") -> ParsedPage:
    lines = [collapse(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    header = crawler_header(lines)
    if header is not None:
        return _from_header(header, lines[header.length :], url, site)
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


def _from_header(header: Header, lines: list[str], url: str, site: str) -> ParsedPage:
    """A crawler's dump: title, date, address and publisher from its header, the body from the page
    text under it, past the headline as the page repeats it."""
    title = header.title
    body = _body(lines, _after_headline(lines, title), lead=True)
    if cjk_len(body) < MIN_BODY_CJK:
        raise Rejected(_no_article("\n".join(lines), body))
    page_meta = _labels(lines, [i for i, line in enumerate(lines) if starts_with_label(line)])
    up_to_body = "\n".join(lines[: next((i for i, line in enumerate(lines) if line in body), len(lines)) + 1])
    return ParsedPage(
        title=title,
        body=body,
        published_at=header.published_at or labelled_date(up_to_body),
        author=header.author or _author(page_meta, body),
        source=header.source or _first(page_meta, _SOURCE_LABELS),
        section=_section(lines, title),
        url=url or header.url,
        site=site,
    )


def _after_headline(lines: list[str], title: str) -> int:
    """Where the body may begin: after the last spelling of the headline (on one line or broken over
    a few) above the first sentence of prose; else at that sentence."""
    target = squash(title)
    first = next((i for i, line in enumerate(lines) if _sentence(line) and squash(line) != target), len(lines))
    for i in range(first - 1, -1, -1):
        run = ""
        for j in range(i, min(i + 3, first)):
            run += squash(lines[j])
            if run == target:
                return j + 1
            if not target.startswith(run):
                break
    return first


def _sentence(line: str) -> bool:
    return cjk_len(line) >= 15 and ("，" in line or "。" in line or bool(_SENTENCE_END.search(line)))


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


def _body(lines: list[str], start: int, lead: bool = False) -> str:
    """The prose from start to the site's text (chrome, a closing marker, a label); short lines survive
    between prose lines (subheadings, lists), before the first when lead is set (a 文号 under the
    headline) and after the last when they sign the text."""
    kept: list[str] = []
    pending: list[str] = []
    for line in lines[start:]:
        if kept and (is_end_marker(line) or is_chrome(line) or starts_with_label(line)):
            break
        if not kept and (is_page_control(line) or _LABEL_ONLY.match(line)):
            continue  # 【打印】【关闭】 and 发布日期：… 来源：… 浏览次数：… above the text (long, but no prose)
        if _prose(line):
            kept.extend(pending)
            kept.append(line)
            pending = []
        elif kept:
            pending.append(line)  # a subheading, a signature, a list of names: text if prose follows
        elif lead:
            pending = [*pending[-2:], line]  # the lines just above the first sentence
    if kept and pending and all(_signs(line) for line in pending):
        kept.extend(pending)
    return "\n\n".join(without_trailing_navigation(kept))


def _signs(line: str) -> bool:
    """A line of the signature under a document: the issuer, the day, （此件公开发布）."""
    if len(line) > 30:
        return False
    hits = find_dates(line)
    if hits and cjk_len(line[: hits[0].start] + line[hits[0].end :]) <= 1:
        return True
    return bool(_ISSUER.search(line) or _ASIDE.match(line))


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
    """The first labelled publication date; 日期：2023年01月05日 星期四 is the page header's today."""
    for label in _DATE_LABELS:
        value = labelled_date(f"{label}：{meta[label]}") if meta.get(label) else None
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
