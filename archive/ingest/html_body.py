"""Finding the article inside a page: score blocks by prose, penalise links, keep the best subtree.

Each block with inline prose of its own is a unit; its score (Chinese characters outside links plus
a bonus per comma and full stop) goes to the block, its parent and, halved, its grandparent. The
best container is the one whose score, discounted by its share of link text, is highest.
"""

import re
from dataclasses import dataclass

from .html_dom import BLOCK_TAGS, Line, lines_of

_CHARS = re.compile(r"[\u3400-\u9fff]")
_ALNUM = re.compile(r"[A-Za-z0-9]")
_PUNCT = re.compile(r"[，。；！？、“”：]")
_GOOD_ATTR = re.compile(r"content|article|artic|text|zw|main|detail|body|editor|zoom|news_?txt|con_?txt|post", re.I)
# Short tokens only as whole words: 'hot' is in 'photo', 'ad' in 'head_title'.
_BAD_ATTR = re.compile(
    r"relat|recommend|tuijian|xgxw|paihang|comment|footer|sidebar|share|menu|breadcrumb|crumb|copy|banner|"
    r"advert|qrcode|toolbar|pager|pagination|(?<![a-z])(hot|rank|foot|aside|nav|ads?|tags?|ewm)(?![a-z])",
    re.I,
)
_CHROME_ATTR = re.compile(
    r"relat|recommend|tuijian|xgxw|comment|share|toolbar|pager|pagination|page-?box|breadcrumb|crumb|"
    r"copyright|qrcode|keyword|advise|jiucuo|bianji|(?<![a-z])(ewm|zan|print|tags?)(?![a-z])",
    re.I,
)
# Footer wording, phrased so that an article about reporting fraud (举报) or licences is not caught.
_BOILERPLATE = re.compile(
    r"版权所有|版权声明|Copyright|ICP|备案号|备案序号|公网安备|举报电话|举报邮箱|不良信息举报|信息服务许可证|"
    r"经营许可证|未经.{0,8}授权|请勿转载|主办单位[:：]|承办单位[:：]|技术支持[:：]|网站标识码|联系我们"
)
_CONTAINERS = frozenset(
    "div td section article main body table tbody tr ul ol li dd form center blockquote font".split()
)


@dataclass
class Stats:
    text: float = 0.0
    link: float = 0.0
    punct: int = 0
    score: float = 0.0

    @property
    def link_density(self) -> float:
        return self.link / self.text if self.text else 0.0


def _measure(text: str | None) -> tuple[float, int]:
    if not text:
        return 0.0, 0
    return len(_CHARS.findall(text)) + len(_ALNUM.findall(text)) / 2, len(_PUNCT.findall(text))


def _attrs(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def measure_tree(root) -> dict:
    """Stats for every element, children before parents, without recursion."""
    stats: dict = {}
    pending: dict = {}  # score handed up by descendants, collected when the ancestor is reached
    for el in reversed(list(root.iter())):
        if not isinstance(el.tag, str):
            continue
        s = stats[el] = Stats(score=pending.pop(el, 0.0))
        text, punct, link = _inline(el, s, stats)
        if el.tag in BLOCK_TAGS and text - link >= 8:
            _spread(el, s, _unit_score(el, text - link, punct), pending)
    return stats


def _inline(el, s: Stats, stats: dict) -> tuple[float, int, float]:
    """Fill s from el's own text and children; return the text that is not inside a child block."""
    text, punct = _measure(el.text)
    link = 0.0
    s.text, s.punct = text, punct
    for child in el:
        tail_text, tail_punct = _measure(child.tail)
        s.text, s.punct = s.text + tail_text, s.punct + tail_punct
        text, punct = text + tail_text, punct + tail_punct
        cs = stats.get(child)
        if cs is None:
            continue
        s.text, s.link, s.punct = s.text + cs.text, s.link + cs.link, s.punct + cs.punct
        if child.tag not in BLOCK_TAGS:
            text, punct, link = text + cs.text, punct + cs.punct, link + cs.link
    if el.tag == "a":
        s.link = s.text
        link = text
    return text, punct, link


def _unit_score(el, prose: float, punct: int) -> float:
    score = prose + 3 * punct
    # Footers are prose too: who runs the site, licences, how to report abuse.
    if _BOILERPLATE.search(_own_text(el)):
        score *= 0.1
    return score


def _own_text(el) -> str:
    parts = [el.text or ""]
    for child in el:
        if child.tag not in BLOCK_TAGS and isinstance(child.tag, str):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


def _spread(el, s: Stats, unit: float, pending: dict) -> None:
    """A unit's score goes to itself and its parent in full, its grandparent in half."""
    if not unit:
        return
    s.score += unit
    parent = el.getparent()
    for weight in (1.0, 0.5):
        if parent is None:
            break
        pending[parent] = pending.get(parent, 0.0) + unit * weight
        parent = parent.getparent()


def best_container(root, stats: dict):
    """The element most likely to hold the article, or None when nothing scores."""
    best, best_key = None, (0.0, 0)
    for el in root.iter(*_CONTAINERS):
        s = stats.get(el)
        if s is None or not s.score:
            continue
        key = (s.score * (1 - s.link_density) * _attr_weight(el), _depth(el))
        if key > best_key:
            best, best_key = el, key
    return best


def _depth(el) -> int:
    return sum(1 for _ in el.iterancestors())


def _attr_weight(el) -> float:
    attrs = _attrs(el)
    if not attrs.strip():
        return 1.0
    if _BAD_ATTR.search(attrs) and not _GOOD_ATTR.search(attrs):
        return 0.3
    return 1.25 if _GOOD_ATTR.search(attrs) else 1.0


def with_siblings(best, stats: dict) -> list:
    """The best container plus siblings that carry a comparable share of prose."""
    parent = best.getparent()
    if parent is None:
        return [best]
    top = stats[best].score
    chosen = []
    for sib in parent:
        s = stats.get(sib)
        if sib is best:
            chosen.append(sib)
        elif (
            s is not None
            and s.link_density < 0.3
            and _attr_weight(sib) >= 1.0
            and (s.score >= 0.3 * top or (sib.tag == "p" and s.text >= 60 and s.punct >= 2))
        ):
            chosen.append(sib)
    return chosen


def article_lines(nodes: list, stats: dict) -> list[Line]:
    """Lines of the chosen nodes, without link lists and chrome blocks inside them."""

    def skip(el) -> bool:
        s = stats.get(el)
        if s is None or el.tag not in BLOCK_TAGS:
            return False
        if s.text and s.link_density > 0.5:
            return True
        return bool(_CHROME_ATTR.search(_attrs(el))) and (s.text < 200 or s.link_density > 0.3)

    out: list[Line] = []
    for node in nodes:
        out.extend(lines_of(node, skip=skip))
    return out
