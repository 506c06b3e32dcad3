"""Plain-text dumps as crawlers write them: a header of labelled lines, then the page's text flattened.

    标题：市反诈中心发布暑期防范电信网络诈骗提示        URL: http://…
    发布时间：2023-07-05 09:30                      标题: …
    文号：                                        发布日期: 2022年11月18日
    发布机构：南屿市公安局                           发文机关: …
    原文链接：http://…                              采集时间: 2026-11-29 22:41:07
                                                 ------------------------------
    南屿市公安局 首页 警务资讯 …  (the page, chrome and all)

The header is the run of such lines the dump opens with, one label to a line, half- or full-width
colons; it must name the title. The title, date, address and publisher come from it; the crawl time
and the 成文日期 never give the date. The body is looked for in what follows (text.py).
"""

import re
from dataclasses import dataclass

from .dates import parse_date
from .text_lines import clean_name, collapse

TITLE_LABELS = ("标题", "题目", "文章标题", "新闻标题", "title")
DATE_LABELS = ("发布时间", "发布日期", "发文日期", "发稿时间", "发表时间", "公开日期", "日期", "时间", "date")
URL_LABELS = ("原文链接", "原文地址", "原文网址", "来源链接", "链接", "网址", "地址", "url", "link")
SOURCE_LABELS = ("来源", "信息来源", "文章来源", "发布机构", "发文机关", "发文单位", "source")
OTHER_LABELS = (
    "作者", "记者", "编辑", "责任编辑", "文号", "发文字号", "索引号", "主题分类", "分类", "栏目", "关键词", "成文日期",
    "有效性", "采集时间", "抓取时间", "爬取时间", "author",
)  # fmt: skip
_ALL = sorted(TITLE_LABELS + DATE_LABELS + URL_LABELS + SOURCE_LABELS + OTHER_LABELS, key=len, reverse=True)
_HEADER_LINE = re.compile(r"^[【\[]?\s*(?P<label>" + "|".join(_ALL) + r")\s*[】\]]?\s*[:：]\s*(?P<value>.*)$", re.I)
_RULE = re.compile(r"^[-=_*#~—－·.\s]{3,}$")  # a line of dashes closing the header
_ADDRESS = re.compile(r"https?://\S+", re.I)


@dataclass
class Header:
    fields: dict[str, str]  # label (lower-cased) -> value, the first non-empty value winning
    length: int  # lines the header takes, its closing rule included

    def first(self, labels: tuple[str, ...]) -> str:
        return next((self.fields[label] for label in labels if self.fields.get(label)), "")

    @property
    def title(self) -> str:
        return self.first(TITLE_LABELS)

    @property
    def published_at(self):
        dates = (parse_date(self.fields.get(label, "")) for label in DATE_LABELS)
        return next((day for day in dates if day), None)

    @property
    def url(self) -> str:
        for label in URL_LABELS:
            m = _ADDRESS.search(self.fields.get(label, ""))
            if m:
                return m.group().rstrip("。，,;；)）")
        return ""

    @property
    def source(self) -> str:
        return clean_name(self.first(SOURCE_LABELS))

    @property
    def author(self) -> str:
        return clean_name(self.first(("作者", "author", "记者")))


def crawler_header(lines: list[str]) -> Header | None:
    """The labelled header a dump opens with, or None when it opens otherwise or names no title."""
    fields: dict[str, str] = {}
    at = 0
    while at < len(lines):
        m = _HEADER_LINE.match(lines[at])
        if m is None:
            break
        label = m["label"].lower()
        if not fields.get(label):
            fields[label] = collapse(m["value"])
        at += 1
    if at < 2 or not any(fields.get(label) for label in TITLE_LABELS):
        return None
    while at < len(lines) and _RULE.match(lines[at]):
        at += 1
    return Header(fields, at)
