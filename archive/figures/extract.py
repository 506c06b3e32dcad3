"""Find the figures an announcement reports. Pure: text (and its date, and a name table) in, figures out.

A figure is a number with a measure word (32.2万起, 2720余亿元, 12.5%, 百分之三十, 15亿余条), its value
an exact decimal with the magnitude folded in (unit 元, not 亿元), a qualifier (余/多/超过/逾: more
than; 近/约/左右: about; 不到/不足: less than; 3至5万: a range), the metric it counts (the verb-object
phrase before it: 破获电信网络诈骗案件), the period it covers and the sentence it came from. Dates,
durations, ordinals (第十条), document numbers (〔2021〕84号), hotlines (96110), names with numbers
(十四五, 5G) and single Chinese digits (一个, 两项) are not figures: they have no measure word, a
measure word of time, or a word around them that says so.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..search.tokenize import normalise
from .metrics import metric_of
from .numbers import ARABIC, CHINESE, FOLD, MAGNITUDE, NotANumber, decimal_of
from .periods import Period, periods_in


class Qualifier:
    EXACT = ""
    MORE_THAN = "more_than"
    ABOUT = "about"
    LESS_THAN = "less_than"
    RANGE = "range"


# Longest first, so that 人次 wins over 人 and 个百分点 over 个.
UNITS = sorted(
    """个百分点 百分点 % 人次 户次 架次 车次 班次 艘次 辆次 剂次 人民币 美元 欧元 港元 日元 英镑 元 名 人 起 例 宗
    个 次 条 张 家 件 户 部门 部 台 笔 份 场 项 所 吨 公斤 千克 克 斤 公里 千米 米 平方米 平方公里 平方千米 公顷 亩
    立方米 毫米 升 千瓦时 千瓦 兆瓦 吉瓦 标准箱 岁 倍 辆 艘 架 列 套 批 位 只 头 种 类 款 座 间 处 支 本 册 篇 轮
    组 队 栋 幢 株 棵 块 剂 针 枚 颗 匹 单 票 摄氏度 ℃ 度 级 所 家次 个点 千伏 伏 手 省 省份 国 集 兆赫兹
    赫兹 公里/小时""".split(),
    key=len,
    reverse=True,
)
# 个 before a word of time is a duration (6个月), not a count.
_NOT_A_COUNT = re.compile(r"个(?:多)?(?:月|小时|工作日|星期|季度|半月|年头)")
_BEFORE = [
    "超过",
    "多于",
    "不少于",
    "不低于",
    "将近",
    "接近",
    "大约",
    "约为",
    "约",
    "近",
    "逾",
    "超",
    "不到",
    "不足",
    "少于",
    "低于",
]
_BEFORE_KIND = {
    **dict.fromkeys(["超过", "多于", "不少于", "不低于", "逾", "超"], Qualifier.MORE_THAN),
    **dict.fromkeys(["将近", "接近", "大约", "约为", "约", "近"], Qualifier.ABOUT),
    **dict.fromkeys(["不到", "不足", "少于", "低于"], Qualifier.LESS_THAN),
}
_AFTER_KIND = {
    "以上": Qualifier.MORE_THAN,
    "左右": Qualifier.ABOUT,
    "上下": Qualifier.ABOUT,
    "以下": Qualifier.LESS_THAN,
}

_NUMBER = rf"(?:\d+亿\d+万|{ARABIC}|{CHINESE})"  # 2亿6300万 too
# 千 scales a number unless it begins a unit: 10千瓦, 400千伏, 5千克, 3千米.
_SCALE = MAGNITUDE.replace("|千|", "|千(?![瓦伏克米])|")
_UNIT = "|".join(re.escape(u) for u in UNITS)
QUANTITY = re.compile(
    rf"(?P<percent>百分之)?(?P<low>{_NUMBER})(?P<more>余|多)?(?P<scale>{_SCALE})?(?P<more2>余|多)?(?P<pct1>%)?"
    rf"(?:(?P<sep>至|到|-|~|～|—|－)(?P<high>{_NUMBER})(?P<more3>余|多)?(?P<scale2>{_SCALE})?)?"
    rf"(?P<unit>{_UNIT})?(?P<after>以上|左右|上下|以下)?"
)
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
_LETTER = re.compile(r"[A-Za-z\-·]")


@dataclass
class Figure:
    text: str  # as written, from the number through its measure word: 2720余亿元
    start: int  # offsets of text in the body
    end: int
    value: Decimal
    unit: str
    qualifier: str = Qualifier.EXACT
    value_max: Decimal | None = None
    metric: str = ""
    period: str = ""  # as written: 2020年, 全年, 截至目前; empty when the text names none
    year: int | None = None  # the year it counts for (the publication's year when the text names none)
    as_of: date | None = None  # 截至目前, 截至2021年3月底
    sentence: str = ""
    agencies: list[str] = field(default_factory=list)
    campaigns: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """What identifies a figure across re-extraction: its words and its sentence."""
        return f"{self.text}|{normalise(self.sentence)}"


def extract_figures(body: str, published: date | None = None, table=None) -> list[Figure]:
    """Every figure in the body, in order. table (a NameTable) adds each sentence's agencies and campaigns."""
    folded = body.translate(FOLD)
    periods = periods_in(folded, published)
    figures = []
    for sentence in _SENTENCE.finditer(folded):
        found = list(_quantities(folded, sentence.start(), sentence.end()))
        if not found:
            continue
        text = body[sentence.start() : sentence.end()].strip()
        names = _names(text, table)
        previous = ("", "")
        for figure, match, floor in found:
            figure.sentence = text
            figure.agencies, figure.campaigns = names
            figure.metric, verb = metric_of(folded, sentence.start(), match, previous, floor)
            previous = (figure.metric, verb)
            _date(figure, periods, folded, published)
            figures.append(figure)
    return figures


def _quantities(text: str, start: int, end: int):
    position, last_end = start, start
    while True:
        match = QUANTITY.search(text, position, end)
        if match is None:
            return
        position = match.end() if match.end() > match.start() else match.start() + 1
        figure = _figure(text, match)
        if figure is not None:
            yield figure, match, last_end
            last_end = match.end()


def _figure(text: str, match) -> Figure | None:
    low, high = match.group("low"), match.group("high")
    unit = "%" if match.group("percent") or match.group("pct1") else (match.group("unit") or "")
    scale, scale2 = match.group("scale") or "", match.group("scale2") or ""
    if not _counts(text, match, unit, scale or scale2):
        return None
    try:
        value = decimal_of(low, scale or (scale2 if high else ""))
        value_max = decimal_of(high, scale2 or scale) if high else None
    except NotANumber:
        return None
    if unit == "%" and match.group("unit") and match.group("unit") != "%":
        return None
    qualifier = _qualifier(text, match)
    figure_start = match.start()
    return Figure(
        text=text[figure_start : match.end("unit") if match.group("unit") else _end(match)],
        start=figure_start,
        end=match.end("unit") if match.group("unit") else _end(match),
        value=value,
        value_max=value_max,
        unit="%" if unit == "%" else _unit(unit),
        qualifier=qualifier,
    )


def _end(match) -> int:
    for group in ("scale2", "more3", "high", "pct1", "more2", "scale", "more", "low"):
        if match.group(group):
            return match.end(group)
    return match.end()


def _unit(unit: str) -> str:
    return {"个百分点": "百分点", "个点": "百分点", "℃": "摄氏度"}.get(unit, unit)


def _counts(text: str, match, unit: str, scale: str) -> bool:
    """Is this number a figure? It needs a measure word (or 万/亿 alone, or %), and nothing around it
    may make it an ordinal, a code, a date or a name."""
    low, start = match.group("low"), match.start()
    before = text[max(0, start - 1) : start]
    if (
        before == "第"
        or (before and _LETTER.match(before))
        or before in "〔[【(（"
        and text[match.end() : match.end() + 1] in "〕]】)）"
    ):
        return False
    if before.isdigit() or before == ".":
        return False
    after = text[match.end() : match.end() + 1]
    if after and re.match(r"[A-Za-z]", after) and not unit:
        return False
    if not unit and not scale:
        return False
    if unit == "个" and _NOT_A_COUNT.match(text, match.start("unit")):
        return False
    if unit in ("度", "级") and not low[:1].isdigit():
        return False  # 一度, 二级: words, not measures
    if not low[:1].isdigit() and not match.group("percent"):
        # Chinese numerals count only with a place (十, 百, 千, 万, 亿): 一个 and 两项 are words.
        if not re.search(r"[十百千万亿]", low + scale):
            return False
    return True


def _qualifier(text: str, match) -> str:
    if match.group("high"):
        return Qualifier.RANGE
    if match.group("more") or match.group("more2") or match.group("more3"):
        return Qualifier.MORE_THAN
    if match.group("after"):
        return _AFTER_KIND[match.group("after")]
    head = text[max(0, match.start() - 3) : match.start()]
    for word in _BEFORE:
        if head.endswith(word):
            return _BEFORE_KIND[word]
    return Qualifier.EXACT


def _date(figure: Figure, periods: list[Period], text: str, published: date | None) -> None:
    """The nearest period named before the figure in its paragraph; else the publication's year."""
    paragraph_start = text.rfind("\n", 0, figure.start) + 1
    named = [p for p in periods if paragraph_start <= p.start < figure.start]
    if named:
        figure.period, figure.year, figure.as_of = named[-1].text, named[-1].year, named[-1].as_of
    elif published:
        figure.year = published.year


def _names(sentence: str, table) -> tuple[list[str], list[str]]:
    if table is None:
        return [], []
    found = table.extract(sentence)
    return sorted(found.agencies), sorted(found.campaigns)
