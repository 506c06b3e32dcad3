"""Parsing HTML into a tree and the tree into lines of visible text, without recursion.

Walks are iterative so that a deeply nested page cannot exhaust Python's stack.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from lxml import etree
from lxml import html as lxml_html

from .page import Rejected
from .text_lines import collapse, is_navigation

MAX_CHARS = 8_000_000

BLOCK_TAGS = frozenset(
    "p div section article main header footer aside nav ul ol li dl dt dd table tbody thead tfoot tr td th "
    "h1 h2 h3 h4 h5 h6 blockquote pre form fieldset address figure figcaption center hr caption body html "
    "details summary".split()
)
DROP_TAGS = (
    "title",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "object",
    "embed",
    "svg",
    "canvas",
    "select",
    "textarea",
    "button",
    "input",
    "option",
    "link",
    "meta",
    "map",
    "audio",
    "video",
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)


def parse_document(html: str):
    """The document root; Rejected when it is too large or not HTML at all."""
    if len(html) > MAX_CHARS:
        raise Rejected(_("过大:HTML 有 %(n)d 个字符") % {"n": len(html)})
    html = _XML_DECL.sub("", html)
    if not html.strip():
        raise Rejected(_("空文件"))
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise Rejected(_("不是 HTML:%(error)s") % {"error": error}) from None
    if root is None:
        raise Rejected(_("不是 HTML:无法解析"))
    # libxml2 stops at 256 levels without huge_tree and silently drops the rest of the page.
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise Rejected(_("嵌套过深:标签超过 256 层"))
    _adopt_stray_roots(root)
    return root


def _adopt_stray_roots(root) -> None:
    """A stray </html> mid-page leaves the rest as a second root element: fold it back in."""
    target = root.find("body") if root.find("body") is not None else root
    for stray in list(root.itersiblings()):
        if not isinstance(stray.tag, str):
            continue
        for child in list(stray) if stray.tag in ("html", "body") else [stray]:
            if child.tag in ("body", "head"):
                target.extend(list(child))
            else:
                target.append(child)


def drop_tags(root, tags=DROP_TAGS) -> None:
    for el in list(root.iter(*tags)):
        _drop(el)


def _drop(el) -> None:
    if el.getparent() is not None:
        el.drop_tree()


def is_hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None


def drop_hidden(root) -> None:
    for el in [e for e in root.iter() if isinstance(e.tag, str) and is_hidden(e)]:
        _drop(el)


def drop_layout(root) -> None:
    """Remove page furniture: nav, header, footer, aside, and forms that hold no article.

    A few sites wrap the whole page in one of these (or the article in a <form>), so an element
    holding most of the page's text stays.
    """
    total = len(root.text_content()) or 1
    for el in list(root.iter("nav", "header", "footer", "aside", "form")):
        if el.getparent() is None:
            continue
        size = len(el.text_content())
        if size > total * 0.5 or (el.tag == "form" and size > 400):
            continue
        _drop(el)


def drop_navigation(root) -> None:
    """Remove links out of the article (返回首页, 查看更多), which sites also run into its last paragraph."""
    for el in list(root.iter("a")):
        if is_navigation(collapse(el.text_content())):
            _drop(el)


@dataclass
class Line:
    text: str
    element: object  # the element holding the line's first text


def iter_events(root):
    """('start', el), ('text', el, str), ('end', el) in document order, iteratively."""
    stack = [(root, False)]
    while stack:
        el, closing = stack.pop()
        if closing:
            yield ("end", el)
            if el is not root and el.tail:
                yield ("text", el.getparent(), el.tail)
            continue
        if not isinstance(el.tag, str):
            if el is not root and el.tail:
                yield ("text", el.getparent(), el.tail)
            continue
        yield ("start", el)
        if el.text:
            yield ("text", el, el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))


def lines_of(root, skip=None) -> list[Line]:
    """Visible text split at block elements and <br>; skip(el) prunes a subtree."""
    lines: list[Line] = []
    buf: list[str] = []
    first = [None]
    skipping = None

    def flush():
        text = collapse("".join(buf))
        if text:
            lines.append(Line(text, first[0]))
        buf.clear()
        first[0] = None

    for event in iter_events(root):
        kind, el = event[0], event[1]
        if skipping is not None:
            if kind == "end" and el is skipping:
                skipping = None
            continue
        if kind == "start":
            if skip is not None and el is not root and skip(el):
                skipping = el
                continue
            if el.tag in BLOCK_TAGS or el.tag == "br":
                flush()
        elif kind == "end":
            if el.tag in BLOCK_TAGS:
                flush()
        else:
            if first[0] is None and event[2].strip():
                first[0] = el
            buf.append(event[2])
    flush()
    return lines


def text_of(el) -> str:
    return collapse("\n".join(line.text for line in lines_of(el)))
