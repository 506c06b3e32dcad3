"""文种, the kind of a document, read from the end of its title.

GB/T 9704-2012 names fifteen kinds (决议 决定 命令(令) 公报 公告 通告 意见 通知 通报 报告 请示 批复 议案 函
纪要); normative documents add their own (办法 规定 条例 细则 方案 规划 …). A kind is written as the
last word of the title, often with a qualifier in front (指导意见, 暂行办法, 实施细则, 复函) that does
not change it, and sometimes a note in brackets after it ((试行), （2019年修订）, （三）).
"""

import re

# Longest first where one ends another: 实施细则 is a 细则, 复函 a 函, 命令 a 令.
KINDS = (
    "决议 决定 命令 令 公报 公告 通告 意见 通知 通报 报告 请示 批复 议案 函 纪要 "
    "办法 规定 条例 细则 方案 规划 计划 规则 准则 指引 指南 纲要 标准 解释 答复 "
    "规范 规程 预案 目录 清单 章程 制度 要点 安排 法"
).split()
_CANONICAL = {"命令": "令", "复函": "函"}
_NOTE = re.compile(r"\s*[（(〔\[【][^（）()]{0,20}[）)〕\]】]\s*$")
_ENCLOSING = re.compile(r"(?:关于)?(?:印发|转发|发布|颁布|公布|下发)(?P<enclosed>.+?)的(?:通知|函|通告|公告|决定|令)$")


def _bare(title: str) -> str:
    title = re.sub(r"\s+", "", title or "")
    while _NOTE.search(title):
        title = _NOTE.sub("", title)
    return title.strip('《》“”"')


def doc_type(title: str) -> str:
    """The kind of document the title names (通知, 意见, 办法, …), or "" when it names none."""
    bare = _bare(title)
    if bare.endswith("复函"):
        return "函"
    for kind in sorted(KINDS, key=len, reverse=True):
        if bare.endswith(kind):
            if kind == "法" and not _is_law(bare):
                return ""
            return _CANONICAL.get(kind, kind)
    return ""


def _is_law(title: str) -> bool:
    """法 ends a law's name (中华人民共和国监察法), and many words that are not (方法, 做法, 违法)."""
    return title.startswith("中华人民共和国") and not title.endswith(("方法", "做法", "违法", "办法"))


def enclosed(title: str) -> tuple[str, str]:
    """For 关于印发/转发/发布《X》的通知: X without its marks, and its kind; ("", "") otherwise."""
    bare = re.sub(r"\s+", "", title or "")
    m = _ENCLOSING.search(bare)
    if m is None:
        return "", ""
    inner = m["enclosed"]
    if inner.startswith("《") and inner.endswith("》") and inner.count("《") == 1:
        inner = inner[1:-1]
    return inner, doc_type(inner)
