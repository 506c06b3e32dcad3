"""The periods a text names (2020年, 全年, 去年, 截至目前, 今年1至10月, 前三季度), resolved to a year
against the publication date and the years named before them in their paragraph; one written
without its year, and none before it, is the latest such period over by publication. Pure."""

import re
from dataclasses import dataclass
from datetime import date

_YEAR = r"(?:19|20)\d\d年"
_MONTH = r"\d{1,2}月"
PERIOD = re.compile(
    rf"截至(?:目前|发稿|记者发稿时|今年{_MONTH}?(?:\d{{1,2}}日)?|{_YEAR}(?:{_MONTH})?(?:\d{{1,2}}日)?|{_MONTH}(?:\d{{1,2}}日)?)?(?:[底末]|上旬|中旬|下旬)?"
    rf"|(?:{_YEAR}|今年|去年|上年|前年)以来"
    rf"|{_YEAR}(?:前三季度|[一二三四]季度|上半年|下半年|前\d{{1,2}}个月|\d{{1,2}}(?:至|到|-|—)\d{{1,2}}月|全年|{_MONTH})?"
    rf"|(?:今年|去年|上年|前年|全年|本年度|本年)(?:前三季度|[一二三四]季度|上半年|下半年|前\d{{1,2}}个月|\d{{1,2}}(?:至|到|-|—)\d{{1,2}}月)?"
    rf"|第?[一二三四]季度|前三季度|四个季度|各季度|上半年|下半年|前\d{{1,2}}个月|\d{{1,2}}(?:至|到|-|—)\d{{1,2}}月"
)
_RELATIVE = {"今年": 0, "本年": 0, "本年度": 0, "去年": -1, "上年": -1, "前年": -2}
_AS_OF_NOW = re.compile(r"截至(?:目前|发稿|记者发稿时)")
# 比上年增长, 较去年同期, 与上年相比, 恢复到2019年同期水平, 相当于2018年全年, 自1968年开始: a year
# compared with, or one something started in, not the year counted.
_COMPARED_BEFORE = ("比", "较", "相当于", "恢复到", "回到", "超过", "高于", "低于")
_COMPARED_AFTER = re.compile(r"(?:同期)?(?:相比|相较|比较)|开始|起(?!来)")
# A plan or a forecast speaks of a period still to come: 下半年将开工100个项目, 确保全年粮食产量.
_PLANNED = re.compile(r"预计|计划|力争|争取|目标|有望|预期|确保|将(?!近)")
_SENTENCE_END = "。；;！？!?\n"
_QUARTER_END = {"一": 3, "二": 6, "三": 9, "四": 12}


@dataclass
class Period:
    text: str
    start: int
    year: int | None
    as_of: date | None = None


def periods_in(text: str, published: date | None) -> list[Period]:
    """Each period the text names, with the year it counts for. A period written with its year
    (2020年, 今年, 去年) gives its year to the periods after it in its paragraph. One written without
    (前三季度, 一季度, 上半年, 前11个月, 1至10月, 截至3月底, 全年) and no year before it in the
    paragraph is of the latest year in which it was over by the publication date — a report of
    2024-01-18 on 前三季度 speaks of 2023's — unless its sentence plans or forecasts (then of the
    year of publication). A year compared with (比上年增长, 与去年同期相比) is not a period."""
    found, context, paragraph = [], None, -1
    for match in PERIOD.finditer(text):
        written = match.group()
        if written in ("截至", "截至底", "截至末") or _compared(text, match):
            continue
        if text.rfind("\n", 0, match.start()) != paragraph:
            context, paragraph = None, text.rfind("\n", 0, match.start())
        year, as_of = _resolve(written, published, context, _planned(text, match))
        if year is None:
            continue
        named = _named_year(written, published)
        if named is not None:
            context = named  # 全年 after 2020年以来, and 上半年 later in the paragraph, mean this year
        found.append(Period(written, match.start(), year, as_of))
    return found


def _named_year(written: str, published: date | None) -> int | None:
    """The year a period writes out: 2020年, or 今年, 去年 against the publication date."""
    explicit = re.search(r"((?:19|20)\d\d)年", written)
    if explicit:
        return int(explicit.group(1))
    relative = next((offset for word, offset in _RELATIVE.items() if word in written), None)
    return published.year + relative if relative is not None and published else None


def _resolve(written: str, published: date | None, context: int | None, planned: bool):
    """(year, as_of) of a period, given the year named before it in its paragraph, if any."""
    if _AS_OF_NOW.match(written) or (written.endswith("以来") and published):
        return (published.year, published) if published else (None, None)  # up to the day of publication
    year = _named_year(written, published)
    if year is None:
        if context and not written.startswith("截至"):
            year = context
        elif published:  # 截至3月底 is the latest 3月底 reached, whatever the year named before
            year = published.year if planned else _latest_over(written, published)
    if not written.startswith("截至") or year is None:
        return year, None
    as_of = _end_of(written, year)
    if as_of and published and not planned:
        as_of = min(as_of, published)  # 截至9月中旬 in a report of 9月15日: as of that day
    return year, as_of


def _compared(text: str, match) -> bool:
    before = text[max(0, match.start() - 3) : match.start()]
    return before.endswith(_COMPARED_BEFORE) or bool(_COMPARED_AFTER.match(text, match.end()))


def _planned(text: str, match) -> bool:
    start = max(text.rfind(ch, 0, match.start()) for ch in _SENTENCE_END) + 1
    ends = [i for i in (text.find(ch, match.end()) for ch in _SENTENCE_END) if i >= 0]
    return bool(_PLANNED.search(text, start, min(ends, default=len(text))))


def _latest_over(written: str, published: date) -> int:
    """The publication's year, or the year before when the period named is not over by then (a
    year's own figures may come in its December; 截至M月 needs only M月 begun)."""
    end = date(published.year, 12, 1) if written == "全年" else _last_day(written, published.year)
    return published.year - 1 if end and end > published else published.year


def _last_day(written: str, year: int) -> date | None:
    """The last day of a period written without its year (None when it has none: 以来, 截至目前)."""
    if written.startswith("截至"):
        month = re.search(r"(\d{1,2})月(\d{1,2}日|底|末|下旬)?", written)
        if month and not month.group(2) and 1 <= int(month.group(1)) <= 12:
            return date(year, int(month.group(1)), 1)
        return _end_of(written, year)
    month = None
    if written in ("四个季度", "各季度", "下半年"):
        month = 12
    elif written == "上半年":
        month = 6
    elif written == "前三季度":
        month = 9
    elif quarter := re.fullmatch(r"第?([一二三四])季度", written):
        month = _QUARTER_END[quarter.group(1)]
    elif months := re.fullmatch(r"前(\d{1,2})个月|\d{1,2}(?:至|到|-|—)(\d{1,2})月", written):
        month = int(months.group(1) or months.group(2))
    return _month_end(year, month) if month and 1 <= month <= 12 else None


def _end_of(written: str, year: int) -> date | None:
    """The day 截至… names: a day, a month's 上旬/中旬, its end; a year's end (截至2020年底)."""
    month = re.search(r"(\d{1,2})月", written)
    day = re.search(r"(\d{1,2})日", written)
    if not month:
        return date(year, 12, 31) if written.endswith(("底", "末")) else None
    m = int(month.group(1))
    if not 1 <= m <= 12:
        return None
    last = _month_end(year, m)
    if day and 1 <= int(day.group(1)) <= last.day:
        return date(year, m, int(day.group(1)))
    if written.endswith(("上旬", "中旬")):
        return date(year, m, 10 if written.endswith("上旬") else 20)
    return last


def _month_end(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
