"""The headline of a saved page and the name of its site, on sites never seen before.

The <title> is trusted where an element of the page spells it, and not where it is only the site's
name (岚溪县人民政府, 桐屿新闻网). Then the article's metadata, a 标题 label, a heading just above the
article, and the heading the article opens with. No candidate is ever the site's name or one of the
page's own controls (【字体：大 中 小】, 发布日期：… 来源：…).
"""

import re

from .html_dom import Line, text_of
from .text_lines import cjk_len, collapse, is_page_control, squash

TITLE_SPLIT = re.compile(r"\s*(?:__?|--?|—|\||｜|－|\s-\s)\s*")
_ORIGINAL_TITLE = re.compile(r"原标题\s*[:：]\s*(.+)")
_TITLE_ATTR = re.compile(r"title|headline|biaoti|tit\b", re.I)
# How a site names itself: a title of one part ending so is the site's name, not a headline.
_SITE_SUFFIX = re.compile(r"(?:网|网站|门户|政府|政务网|在线|之窗|平台|频道|官网|官方网站)$")
_SITE_NAME_MAX = 20
_HOST_LINE = re.compile(r"版权所有|主办|承办|Copyright|©|\(C\)", re.I)
_HEADING_STYLE = re.compile(r"text-align\s*:\s*center|font-weight\s*:\s*bold|font-size", re.I)
_AROUND = 4  # lines on either side of the article's first line where an unmarked headline stands


def site_name(meta: dict[str, str], page_title: str, lines: list[Line]) -> str:
    for key in ("sitename", "og:site_name", "application-name"):
        if meta.get(key):
            return meta[key]
    parts = [p for p in TITLE_SPLIT.split(page_title) if p]
    for part in reversed(parts[1:]):
        if cjk_len(part):
            return part
    return page_title if names_the_site(page_title, lines) else ""


def names_the_site(page_title: str, lines: list[Line]) -> bool:
    """A <title> of one part that is the site's name: short and named like a site, or the name its footer
    gives its publisher."""
    title = squash(page_title)
    if not title or len(TITLE_SPLIT.split(page_title)) > 1:
        return False
    if len(title) <= _SITE_NAME_MAX and _SITE_SUFFIX.search(title):
        return True
    return any(title in squash(line.text) and _HOST_LINE.search(line.text) for line in lines)


def find_title(body_root, order: dict, body_start: int, page_title: str, meta: dict, ld: dict, lines: list[Line]):
    """(title, element): the headline as the page shows it, not the <title> with its suffix."""
    site = site_name(meta, page_title, lines)
    titled = "" if squash(page_title) == squash(site) else page_title

    def fits(text: str) -> bool:
        return _headline_like(text) and squash(text) != squash(site)

    el = _heading_matching(body_root, order, body_start, titled)
    if el is not None and fits(text_of(el)):
        return _original(text_of(el), lines), el
    for value in (meta.get("articletitle"), meta.get("og:title"), meta.get("twitter:title"), ld.get("headline")):
        if value and cjk_len(value) >= 2 and fits(_strip_suffix(value, page_title)):
            return _original(_strip_suffix(value, page_title), lines), None
    labelled = _labelled_title(lines)
    if labelled and fits(labelled):
        return labelled, None
    el = _heading_before(body_root, order, body_start, fits)
    if el is not None:
        return _original(text_of(el), lines), el
    parts = [p for p in TITLE_SPLIT.split(titled) if p]
    if parts and fits(parts[0]):
        return parts[0], None
    line = _unmarked_heading(lines, order, body_start, fits)
    if line is not None:
        return line.text, line.element
    return (parts[0] if parts else ""), None


def _headline_like(text: str) -> bool:
    text = collapse(text)
    short = cjk_len(text) >= 4 and len(text) <= 120
    return short and not text.endswith(("。", "：", ":")) and not is_page_control(text)


def _heading_matching(body_root, order: dict, body_start: int, page_title: str):
    """The element whose text starts the <title>, the last one before the body if several."""
    target = squash(page_title)
    first = squash(TITLE_SPLIT.split(page_title)[0]) if page_title else ""
    if cjk_len(target) < 4:
        return None
    best, best_key = None, None
    for el in body_root.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "body", "html", "title", "head") or el.getparent() is None:
            continue
        text = squash(el.text_content())
        if len(text) < max(4, 0.6 * len(first)) or not target.startswith(text):
            continue
        before = order.get(el, 0) <= body_start
        key = (len(text), before, order.get(el, 0) if before else -order.get(el, 0))
        if best_key is None or key > best_key:
            best, best_key = el, key
    return best


def _heading_before(body_root, order: dict, body_start: int, fits):
    """The last heading (h1-h3, or an element named for the title) before the article that reads as one."""
    best = None
    for el in body_root.iter("h1", "h2", "h3", "div", "p", "span", "td", "strong"):
        if order.get(el, 0) > body_start:
            break
        is_heading = el.tag in ("h1", "h2", "h3") or _TITLE_ATTR.search(f"{el.get('class', '')} {el.get('id', '')}")
        if is_heading and len(squash(el.text_content())) <= 80 and fits(text_of(el)):
            best = el
    return best


def _unmarked_heading(lines: list[Line], order: dict, body_start: int, fits) -> Line | None:
    """A headline in no heading element: the line just above the article, past its control and date
    lines (<div class="bt">), or the centred or bold line the article opens with."""
    at = next((i for i, line in enumerate(lines) if order.get(line.element, -1) >= body_start), None)
    if at is None:
        return None
    above = [line for line in reversed(lines[max(0, at - _AROUND) : at]) if not is_page_control(line.text)]
    if above and not _is_link(above[0].element) and fits(above[0].text):
        return above[0]
    for line in lines[at : at + _AROUND]:
        if is_page_control(line.text):
            continue
        return line if fits(line.text) and _styled_as_heading(line.element) else None
    return None


def _is_link(el) -> bool:
    return el is not None and (el.tag == "a" or any(a.tag == "a" for a in el.iterancestors()))


def _styled_as_heading(el) -> bool:
    for node in (el, *list(el.iterancestors())[:2]):
        if node.tag in ("strong", "b", "h1", "h2", "h3", "h4", "center") or node.get("align", "").lower() == "center":
            return True
        if _HEADING_STYLE.search(node.get("style", "")):
            return True
    return False


def _labelled_title(lines: list[Line]) -> str:
    for i, line in enumerate(lines[:200]):
        text = squash(line.text)
        if text.startswith(("标题:", "标题：")):
            value = text[3:] or (squash(lines[i + 1].text) if i + 1 < len(lines) else "")
            if cjk_len(value) >= 4:
                return value
    return ""


def _strip_suffix(value: str, page_title: str) -> str:
    if squash(value) == squash(page_title) or TITLE_SPLIT.search(value):
        parts = [p for p in TITLE_SPLIT.split(value) if p]
        return parts[0] if parts else value
    return value


def _original(title: str, lines: list[Line]) -> str:
    """A reprint that decorated the headline ('[ad]Headline') gives way to its 原标题."""
    for line in lines:
        m = _ORIGINAL_TITLE.search(line.text)
        if m:
            original = collapse(m.group(1))
            if squash(title).endswith(squash(original)) and len(original) < len(title):
                return original
            break
    return title
