"""One saved HTML page to a ParsedPage: headline, publication time, byline, source, section, body."""

import re

from django.utils.translation import gettext as _

from ..documents.numbers import parse_number
from . import html_meta, html_title
from .decode import looks_truncated
from .html_body import article_lines, best_container, measure_tree, with_siblings
from .html_date import published
from .html_dom import Line, drop_hidden, drop_layout, drop_navigation, drop_tags, lines_of, parse_document
from .page import ParsedPage, Rejected
from .page_fields import collect_fields, is_field_line
from .text_lines import (
    cjk_len,
    is_chrome,
    is_dateline,
    is_end_marker,
    is_label_only,
    says_not_found,
    squash,
    without_trailing_navigation,
)

MIN_BODY_CJK = 40
_EDITOR_LINE = re.compile(r"^[\[【(（]?\s*(责任编辑|责编)\s*[:：]")
_WINDOW = 8  # lines around the headline where the dateline and byline live
_FIELDS_INTO_BODY = 12  # a metadata table is above the article or in its first lines


def parse_html(html: str, url: str = "") -> ParsedPage:
    root = parse_document(html)
    warnings = ["truncated: the page ends before </body>; the body may be incomplete"] if looks_truncated(html) else []
    meta, ld, page_title = html_meta.meta_map(root), html_meta.json_ld(root), html_meta.head_title(root)
    url = url or html_meta.page_url(root, meta)
    drop_tags(root)
    body_root = root.find("body") if root.find("body") is not None else root
    order = {el: i for i, el in enumerate(root.iter())}
    all_lines = lines_of(body_root)  # hidden parts included: 原标题 and CMS bylines hide there
    drop_hidden(root)
    drop_layout(root)
    drop_navigation(root)
    lines = _article(root, all_lines)
    body_start = order.get(lines[0].element, 0)
    title, title_el = html_title.find_title(body_root, order, body_start, page_title, meta, ld, all_lines)
    body = _clean_body([line.text for line in lines], title)
    _reject_shell(body, all_lines)
    texts = [line.text for line in all_lines]
    at = _title_index(all_lines, order, title, title_el)
    window = _window(all_lines, at)
    site = html_title.site_name(meta, page_title, all_lines)
    head = _index_of(all_lines, order, lines[0])
    fields = collect_fields(texts[: (head or 0) + _FIELDS_INTO_BODY])
    return ParsedPage(
        title=title,
        body=body,
        published_at=published(meta, ld, window, texts, body_root, url, _index_of(all_lines, order, lines[-1])),
        author=html_meta.author(meta, ld, window, body, texts[at or 0 :], site),
        source=html_meta.source(meta, window, body, texts[at or 0 :]),
        section=html_meta.section(meta, body_root, all_lines, title, site),
        url=url,
        site=site,
        warnings=warnings,
        fields=fields,
    )


def _article(root, all_lines: list[Line]) -> list[Line]:
    stats = measure_tree(root)
    best = best_container(root, stats)
    lines = article_lines(with_siblings(best, stats), stats) if best is not None else []
    if not lines:
        raise Rejected(_no_article_reason(all_lines, 0))
    return lines


def _reject_shell(body: str, all_lines: list[Line]) -> None:
    count = cjk_len(body)
    if count < MIN_BODY_CJK or (count < 200 and says_not_found(body)):
        raise Rejected(_no_article_reason(all_lines, count))


def _no_article_reason(all_lines: list[Line], count: int) -> str:
    phrase = says_not_found("\n".join(line.text for line in all_lines))
    if phrase:
        return _("没有文章:页面上写着“%(phrase)s”") % {"phrase": phrase}
    return _("没有文章:正文只有 %(n)d 个汉字") % {"n": count}


def _clean_body(texts: list[str], title: str) -> str:
    texts = _drop_heading(texts, title)
    kept: list[str] = []
    for text in texts:
        if is_end_marker(text) or _EDITOR_LINE.match(text):
            if kept:
                break  # the editor's name closes the article; what follows is the site's
            continue
        if is_chrome(text) or not _has_words(text):
            continue
        if not kept and (is_dateline(text) or is_field_line(text)):
            continue
        if not kept and cjk_len(text) < 4 and parse_number(text) is None:
            continue  # a stray word above the article, not the document number under the title
        kept.append(text)
    return "\n\n".join(without_trailing_navigation(kept))


def _drop_heading(texts: list[str], title: str) -> list[str]:
    """Leading lines that spell the headline (possibly broken by <br>) or the dateline under it."""
    target, seen, i = squash(title), "", 0
    while i < len(texts) and target:
        candidate = seen + squash(texts[i])
        if not target.startswith(candidate):
            break
        seen, i = candidate, i + 1
    if seen and len(seen) < len(target) * 0.5:
        i = 0  # a short line that happens to begin the title is text, not the headline
    return texts[i:]


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _window(all_lines: list[Line], at: int | None) -> list[str]:
    """The lines from just above the headline down to the first sentence of prose."""
    if at is None:
        return []
    end = at + 1
    while end < min(len(all_lines), at + _WINDOW) and not _is_prose(all_lines[end].text):
        end += 1
    start = max(0, at - 2)
    if start and is_label_only(all_lines[start - 1].text):
        start -= 1  # keep '成文日期：' with the date in the next cell
    return [line.text for line in all_lines[start:end]]


def _is_prose(text: str) -> bool:
    return cjk_len(text) >= 25 and ("，" in text or "。" in text)


def _index_of(all_lines: list[Line], order: dict, line: Line) -> int | None:
    """Where a line of the article stands among all the page's lines."""
    pos = order.get(line.element, -1)
    return next((i for i in range(len(all_lines) - 1, -1, -1) if order.get(all_lines[i].element, -1) <= pos), None)


def _title_index(all_lines: list[Line], order: dict, title: str, title_el) -> int | None:
    if title_el is not None:
        pos = order.get(title_el, 0)
        return next((i for i, line in enumerate(all_lines) if order.get(line.element, -1) >= pos), None)
    target = squash(title)
    return next((i for i, line in enumerate(all_lines) if target and squash(line.text) == target), None)
