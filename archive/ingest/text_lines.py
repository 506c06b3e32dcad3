"""Line-level knowledge shared by the HTML and plain-text parsers: labels, breadcrumbs, chrome."""

import re

from .dates import find_dates

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WS = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")
# A line break between two CJK characters is layout, not a space.
_CJK_BREAK = re.compile(
    r"(?<=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f])[ \t\u3000\xa0]*\n\s*(?=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f])"
)

LABELS = tuple(
    "发布时间 发布日期 发稿时间 发表时间 时间 日期 成文日期 作者 记者 来源 信息来源 文章来源 来源于 稿件来源 出处 "
    "责任编辑 责编 编辑 审核 校对 点击量 点击数 浏览次数 阅读次数 浏览量 字号".split()
)
_LABEL_ALT = "|".join(sorted(LABELS, key=len, reverse=True))
# Bare 时间/日期 only count as labels on their own (发生时间 is not a publication time); the other
# labels are distinctive enough to find inside run-together spans (求是网作者：陈海峰).
_LONG_ALT = "|".join(sorted((x for x in LABELS if x not in ("时间", "日期")), key=len, reverse=True))
_LABEL_RE = re.compile(r"(" + _LONG_ALT + r"|(?<![\u4e00-\u9fa5])(?:时间|日期))\s*[:：]")
_LABEL_ONLY_RE = re.compile(r"^\s*(" + _LABEL_ALT + r")\s*[:：]\s*$")

BREADCRUMB_PREFIX = re.compile(r"^\s*(当前位置|您的位置|你的位置|您现在的位置|现在位置|所在位置|位置)\s*[:：]?\s*")
_CRUMB_SPLIT = re.compile(r"\s*(?:>>|&gt;|>|»|›|→|＞|/)\s*")

_CHROME = re.compile(
    r"^[\[【(（]?\s*(责任编辑|责编|编辑|审核|校对|点击量|点击数|浏览次数|阅读次数|浏览量|字号)\s*[:：]"
    r"|^[\[【(（]?\s*作者\s*[:：].{0,20}责任编辑|^【?\s*(打印|关闭|打印本页|关闭窗口|纠错|我要纠错)\s*】?$"
    r"|【打印】|【关闭】|^上一篇|^下一篇|阅读下一篇|^返回顶部"
    r"|版权所有|Copyright|All Rights Reserved|ICP备|ICP证|公网安备|网站标识码|备案序号"
)
# Chrome only as a short line of its own: prose may well tell readers to 扫描二维码 or 分享.
_SHORT_CHROME = re.compile(
    r"^分享|分享到|分享至|关注公众号|扫码关注|扫一扫|二维码|^网站地图|^(字体|字号)[:：]?\s*[大中小]"
)
_SHORT = 30
# A link back to the site or on to more of it: 返回首页, 返回列表, 返回富达，查看更多, 查看原文, 阅读全文,
# 更多>>. A line of prose may begin with 返回 (返回家乡的大学生…); these phrases end where the link ends.
_NAVIGATION = (
    r"返回.{0,8}?[，,、\s]*查看更多|返回.{0,6}?(?:首页|主页|列表|顶部|上一?页|频道|栏目|目录)|(?:点击)?查看(?:更多|全文|原文|详情)"
    r"|阅读(?:原文|全文|更多)|(?:更多|more)\s*(?:>>|»|＞＞|→)|点击进入.{0,8}?(?:专题|频道|首页)"
)
_NAV_LINE = re.compile(rf"^[【\[(（]?\s*(?:{_NAVIGATION})\s*[】\])）]?\s*(?:>>|»)?$", re.I)
_NAV_END = re.compile(rf"(?:{_NAVIGATION})\s*[】\])）]?\s*(?:>>|»)?$", re.I)
# The page's reading controls: font size, print, close, bookmark, share, how often it was read.
_CONTROL = re.compile(
    r"(?:字体|字号)\s*[:：]?\s*[【\[]?\s*[大中小]|[大中小]\s+[大中小]\s+[大中小]|【\s*(?:打印|关闭|收藏|分享|纠错|返回)"
    r"|打印本页|关闭窗口|加入收藏|浏览次数|点击数|阅读数|访问量|(?:^|\s)A[+＋]\s*A[-－]"
)
# The same, trailing a name on its line: 区住建局 打印 关闭.
_CONTROL_TAIL = re.compile(
    r"(?:\s+[【\[]?(?:打印|关闭|分享|收藏|纠错|返回|字体|字号|大\s*中\s*小)(?:本页|窗口)?[】\]]?)+$"
)
# Lines after which a page carries no more article.
_END = re.compile(
    r"^\s*[【\[]?\s*(相关新闻|相关阅读|相关文章|相关链接|相关稿件|延伸阅读|推荐阅读|热门推荐|热点推荐|"
    r"热门排行|热点排行|精彩推荐|猜你喜欢|网站链接|友情链接|关闭|打印|上一篇|下一篇)\s*[】\]]?\s*[:：]?\s*$"
    r"|【打印】|【关闭】|【打印本页】|【关闭窗口】"
)
_NOT_FOUND = re.compile(
    r"该信息已过期或已删除|该信息已过期|已过期或已删除|信息已删除|已被删除|"
    r"页面不存在|页面找不到|找不到该页面|404 Not Found|"
    r"您访问的页面|信息不存在|文章不存在|内容不存在"
)


def collapse(text: str) -> str:
    """Whitespace inside a paragraph collapsed; line breaks between CJK characters dropped."""
    text = _CJK_BREAK.sub("", text)
    return _WS.sub(" ", text).strip()


def cjk_len(text: str) -> int:
    return len(_CJK.findall(text))


def squash(text: str) -> str:
    """Text with all whitespace removed, for comparing titles."""
    return _WS.sub("", text)


def split_labelled(line: str) -> list[tuple[str, str]]:
    """'时间:2021-04-10 作者:张天培' -> [('时间', '2021-04-10'), ('作者', '张天培')]."""
    matches = list(_LABEL_RE.finditer(line))
    pairs = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end() : end].strip(" \t\u3000\xa0|｜丨[]【】()（）")
        pairs.append((m.group(1), collapse(value)))
    return pairs


def is_label_only(line: str) -> bool:
    return bool(_LABEL_ONLY_RE.match(line))


def starts_with_label(line: str) -> bool:
    m = _LABEL_RE.search(line)
    return bool(m) and not line[: m.start()].strip(" \t\u3000\xa0|｜丨[]【】()（）")


def is_chrome(line: str) -> bool:
    return bool(_CHROME.search(line)) or (
        len(line) <= _SHORT and bool(_SHORT_CHROME.search(line) or _NAV_LINE.match(line))
    )


def is_page_control(line: str) -> bool:
    """A line of the page's own controls or chrome, never a headline: 【字体：大 中 小】【打印】【关闭】,
    发布日期：… 来源：…, 当前位置：…, 返回首页, a footer."""
    return (
        is_chrome(line)
        or is_end_marker(line)
        or is_dateline(line)
        or bool(_CONTROL.search(line))
        or bool(BREADCRUMB_PREFIX.match(line))
        or is_navigation(line)
    )


def is_navigation(text: str) -> bool:
    """A link's or a line's whole text sends the reader elsewhere on the site: 返回首页, 查看更多."""
    return len(text) <= _SHORT and bool(_NAV_LINE.match(text.strip()))


def ends_with_navigation(line: str) -> bool:
    """The line closes with such a link, run into its text (…向雪妮返回富达，查看更多)."""
    return bool(_NAV_END.search(line))


def without_trailing_navigation(paragraphs: list[str]) -> list[str]:
    """The paragraphs with a link run into the end of the last one cut off (and the last dropped if
    nothing else was in it)."""
    if paragraphs and ends_with_navigation(paragraphs[-1]):
        rest = _NAV_END.sub("", paragraphs[-1]).rstrip()
        return [*paragraphs[:-1], rest] if rest else paragraphs[:-1]
    return paragraphs


def is_end_marker(line: str) -> bool:
    return bool(_END.search(line))


def says_not_found(text: str) -> str:
    m = _NOT_FOUND.search(text)
    return m.group(0) if m else ""


def breadcrumb(line: str, drop: tuple[str, ...] = ()) -> str:
    """'当前位置: 首页>政务动态>中央要闻>正文' -> '政务动态>中央要闻'."""
    line = BREADCRUMB_PREFIX.sub("", collapse(line))
    parts = [p.strip() for p in _CRUMB_SPLIT.split(line)]
    skip = {"首页", "正文", "内容", "详情", "正文内容", "网站首页", "主页", ""} | set(drop)
    return ">".join(p for p in parts if p not in skip and not p.endswith("首页"))


def clean_name(value: str) -> str:
    """A person or publisher as written after a label: the first name-like run, without the page's
    controls that follow it on the line (来源：区住建局 打印 关闭)."""
    value = re.split(r"\s{2,}|[|｜丨]|\s(?=\S+\s*[:：])", value.strip())[0]
    value = re.sub(r"^(来源|作者)\s*[:：]", "", value).strip(" ：:，,。")
    value = _CONTROL_TAIL.sub("", value)
    return value[:40]


def is_dateline(text: str) -> bool:
    """'2024-05-15 08:58:52来源：新华网' under a headline, but not '（2007年6月29日...会议通过）'."""
    if len(text) > 80:
        return False
    if starts_with_label(text) or BREADCRUMB_PREFIX.match(text):
        return True
    hits = find_dates(text)
    if not hits:
        return False
    rest = text[: hits[0].start] + text[hits[0].end :]
    return cjk_len(rest) <= 8 or "来源" in rest or "作者" in rest
