"""The labels of a page's metadata table (信息公开 tables, 北大法宝-style records), in one place.

Each label a page writes (发文机关, 发文机构, 发布部门 …) stands for one field of a document's record.
The importer keeps the pairs whose label is known (KNOWN); the reader asks for a field (ISSUERS …).
"""

import re

ISSUERS, NUMBER, WRITTEN, PUBLISHED, EFFECTIVE, EXPIRES = (
    "issuers",
    "number",
    "written",
    "published",
    "effective",
    "expires",
)
INDEX, SUBJECT, VALIDITY, TITLE, DOC_TYPE = "index", "subject", "validity", "title", "doc_type"

LABELS = {
    **dict.fromkeys(
        "发文机关 发文机构 发布机关 发布部门 发文部门 发文单位 制定机关 颁布机关 发布单位".split(), ISSUERS
    ),
    **dict.fromkeys("发文字号 文号 发文文号 文件编号 发文编号 发布文号".split(), NUMBER),
    **dict.fromkeys("成文日期 印发日期 成文时间 签发日期".split(), WRITTEN),
    **dict.fromkeys("发布日期 发布时间 公布日期 公开日期".split(), PUBLISHED),
    **dict.fromkeys("实施日期 施行日期 生效日期 生效时间 实施时间".split(), EFFECTIVE),
    **dict.fromkeys("失效日期 有效期至 废止日期".split(), EXPIRES),
    **dict.fromkeys("索引号".split(), INDEX),
    **dict.fromkeys("主题分类 主题类别 分类".split(), SUBJECT),
    **dict.fromkeys("有效性 时效性 效力状态 时效状态 有效状态".split(), VALIDITY),
    **dict.fromkeys("标题 名称 文件名称".split(), TITLE),
    **dict.fromkeys("文种 公文种类 文件类型".split(), DOC_TYPE),
}
KNOWN = frozenset(LABELS)
_SPACES = re.compile(r"[\s\u3000\xa0]+")
_VALIDITY = (
    ("repealed", ("已废止", "废止", "repealed")),
    ("expired", ("已失效", "失效", "expired", "过期")),
    ("amended", ("已修改", "已被修改", "已修订", "修改", "修订", "修正", "amended")),
    ("in_force", ("现行有效", "有效", "现行", "in_force")),
)


def label_of(text: str) -> str:
    """The label as the table writes it, without spaces, colons and brackets (索 引 号： -> 索引号)."""
    return _SPACES.sub("", text or "").strip("：:【】[]〔〕").strip()


def by_field(fields: dict[str, str]) -> dict[str, str]:
    """The page's pairs keyed by field; the first label found for a field wins."""
    out: dict[str, str] = {}
    for label, value in (fields or {}).items():
        key = LABELS.get(label_of(label))
        value = " ".join((value or "").split())
        if key and value and key not in out:
            out[key] = value
    return out


def validity(value: str) -> str:
    """in_force | amended | repealed | expired from a 有效性/时效性 cell, "" when it says none of them."""
    value = _SPACES.sub("", value or "")
    for name, words in _VALIDITY:
        if any(word in value for word in words):
            return name
    return ""
