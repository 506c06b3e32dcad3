"""What a page says about its article: <meta> tags, JSON-LD, the headline, site, section, byline."""

import json
import re
from urllib.parse import urlsplit

from .html_dom import Line, text_of
from .text_lines import (
    BREADCRUMB_PREFIX,
    LABELS,
    breadcrumb,
    cjk_len,
    clean_name,
    collapse,
    split_labelled,
    squash,
)

_CRUMB_ATTR = re.compile(r"bread|crumb|position|location|navpath|nav_path|dqwz|mbx|\bhere\b|\bpath\b|\bweizhi", re.I)
_CRUMB_SEP = re.compile(r">|»|→|＞")
_CRUMB_END = re.compile(r"字号|字体|打印|分享|【|\s[|｜]\s")
_EDITOR = re.compile(r"(?:责任编辑|责编|编辑)\s*[:：]\s*([\u4e00-\u9fa5]{2,4}(?:[、，, ][\u4e00-\u9fa5]{2,4})*)")
_BYLINE = re.compile(
    r"[（(]\s*(?:本报|新华社|中新社)?记者\s*([\u4e00-\u9fa5]{2,4}(?:[ 、，,][\u4e00-\u9fa5]{2,4})*)\s*[)）]"
)
_BYLINE_LINE = re.compile(r"^(?:本报|本台|新华社|中新社)?记者\s*([\u4e00-\u9fa5][\u4e00-\u9fa5 、，,]{1,20})$")
# '作者：刘满仓 责任编辑', '中青网记者 魏其濛 来源': a name of 2-4 characters standing alone.
_WRITER = re.compile(
    r"(?:作者\s*[:：]|记者\s)\s*([\u4e00-\u9fa5·]{2,4}(?:[ 、，,][\u4e00-\u9fa5·]{2,4})*)(?![\u4e00-\u9fa5]|\s*摄)"
)
_SOURCE_INLINE = re.compile(r"本文来源于\s*[:：]?\s*([^\s\d|｜]{2,20})")
_DATE_TAIL = re.compile(r"\s*(?:19|20)\d{2}[-年/.].*$")
_NEAR_BODY = 80  # lines after the headline still about this article, before related lists take over
_SOURCE_LABELS = ("来源", "信息来源", "文章来源", "来源于", "稿件来源", "出处")


def meta_map(root) -> dict[str, str]:
    """<meta name|property|itemprop=... content=...>, keys lower-cased, first non-empty value wins."""
    out: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        value = collapse(el.get("content") or "")
        if key and value and key not in out:
            out[key] = value
    return out


def page_url(root, meta: dict[str, str]) -> str:
    """The page's own address from <link rel=canonical> or og:url; a bare home page does not count,
    since many sites put their front page there and the archive keeps one Copy per address."""
    canonical = [el.get("href") or "" for el in root.iter("link") if (el.get("rel") or "").lower() == "canonical"]
    for candidate in [*canonical, meta.get("og:url", "")]:
        parts = urlsplit(candidate.strip())
        if parts.scheme in ("http", "https") and parts.netloc and parts.path.strip("/"):
            return candidate.strip()
    return ""


def json_ld(root) -> dict[str, str]:
    """headline, datePublished and author from JSON-LD blocks, flattened to strings."""
    out: dict[str, str] = {}
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or ""):
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):  # not JSON, or nested past Python's recursion limit
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                _flatten_ld(item, out)
    return out


def _flatten_ld(item: dict, out: dict[str, str]) -> None:
    for key in ("headline", "title", "datePublished", "pubDate", "dateCreated", "author"):
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = value[0].get("name")
        if isinstance(value, str) and value.strip() and key.lower() not in out:
            out[key.lower()] = collapse(value)


def head_title(root) -> str:
    el = root.find(".//title")
    return collapse(el.text_content()) if el is not None else ""


def section(meta: dict, body_root, lines: list[Line], title: str, site: str) -> str:
    if meta.get("columnname"):
        return meta["columnname"]
    drop = (title, site)
    for line in lines[:400]:
        if BREADCRUMB_PREFIX.match(line.text) and _CRUMB_SEP.search(line.text):
            return _crumb(line.text, drop)
    for el in body_root.iter("div", "ul", "ol", "p", "span", "td", "nav"):
        attrs = f"{el.get('class', '')} {el.get('id', '')}"
        if _CRUMB_ATTR.search(attrs):
            text = text_of(el)
            if _CRUMB_SEP.search(text) and len(text) < 120:
                return _crumb(text, drop)
    return ""


def _crumb(text: str, drop: tuple[str, ...]) -> str:
    text = _CRUMB_END.split(text)[0]
    parts = breadcrumb(text, drop=drop).split(">")
    if len(parts) > 1 and parts[0].endswith("网"):
        parts = parts[1:]
    return ">".join(p for p in parts if p and not any(_same_heading(p, d) for d in drop if d))


def _same_heading(part: str, title: str) -> bool:
    part, title = squash(part), squash(title)
    return part == title or title in part or (len(part) >= 8 and part in title)


def editors(text: str) -> set[str]:
    return {name for m in _EDITOR.finditer(text) for name in re.split(r"[、，, ]", m.group(1)) if name}


def author(meta: dict, ld: dict, window: list[str], body: str, after: list[str], site: str) -> str:
    return tidy_names(_author(meta, ld, window, body, after, site))


def tidy_names(names: str) -> str:
    """'王乐文 方 敏' -> '王乐文 方敏': two-character names are often spaced out to align bylines."""
    out: list[str] = []
    for token in names.split():
        if out and len(token) == 1 and len(out[-1]) == 1:
            out[-1] += token
        else:
            out.append(token)
    return " ".join(out)


def _author(meta: dict, ld: dict, window: list[str], body: str, after: list[str], site: str) -> str:
    """A labelled or bylined writer near the headline, else a plausible meta author; never the editor."""
    edited_by = editors("\n".join(after))
    for pairs in (split_labelled(line) for line in window):
        for label, value in pairs:
            name = clean_name(value)
            if label in ("作者", "记者") and name and name not in edited_by:
                return name
    for line in window:
        m = _BYLINE_LINE.match(line)
        if m:
            return collapse(m.group(1))
    m = _BYLINE.search(body[:300]) or _BYLINE.search(body[-200:])
    if m:
        return m.group(1)
    for line in after:
        m = _WRITER.search(line)
        names = " ".join(n for n in re.split(r"[ 、，,]", m.group(1)) if n not in LABELS) if m else ""
        if names and names not in edited_by:
            return names
    for value in (meta.get("author"), ld.get("author")):
        if value and _plausible_author(value, edited_by, site):
            return value
    return ""


def _plausible_author(value: str, edited_by: set[str], site: str) -> bool:
    """Meta author is often the CMS account or the editor: 104363, 中国科普网, 杨煜 (责编：杨煜)."""
    if not cjk_len(value) or value.isdigit() or value.endswith("网") or value == site:
        return False
    return not any(name in value or value in name for name in edited_by)


def source(meta: dict, window: list[str], body: str, after: list[str]) -> str:
    """The publisher the page credits: meta source, else a 来源 label by the headline, in the last
    paragraphs, or just below the article; never the site's own name unless labelled so."""
    for key in ("source", "contentsource", "article:source"):
        value = re.sub(r"^来源\s*[:：]\s*", "", meta.get(key, ""))
        if cjk_len(value):
            return _clean_source(value)
    for lines in (window, body.split("\n\n")[-3:], after[:_NEAR_BODY]):
        for line in lines:
            for label, value in split_labelled(line):
                if label in _SOURCE_LABELS and cjk_len(value):
                    return _clean_source(value)
            m = _SOURCE_INLINE.search(line)
            if m:
                return _clean_source(m.group(1))
    return ""


def _clean_source(value: str) -> str:
    value = _DATE_TAIL.sub("", clean_name(value))
    return re.sub(r"\s+(原创稿|原创|转载)$", "", value).strip()
