"""The periods a text names (2020年, 全年, 去年, 截至目前, 今年1至10月), resolved to a year against the
publication date and the years named before them. Pure."""

import re
from dataclasses import dataclass
from datetime import date

_YEAR = r"(?:19|20)\d\d年"
_MONTH = r"\d{1,2}月"
PERIOD = re.compile(
    rf"截至(?:目前|发稿|记者发稿时|今年{_MONTH}?(?:\d{{1,2}}日)?|{_YEAR}(?:{_MONTH})?(?:\d{{1,2}}日)?)?[底末]?"
    rf"|(?:{_YEAR}|今年|去年|上年|前年)以来"
    rf"|{_YEAR}(?:前三季度|[一二三四]季度|上半年|下半年|前\d{{1,2}}个月|\d{{1,2}}(?:至|到|-|—)\d{{1,2}}月|全年|{_MONTH})?"
    rf"|(?:今年|去年|上年|前年|全年|本年度|本年)(?:前三季度|[一二三四]季度|上半年|下半年|前\d{{1,2}}个月|\d{{1,2}}(?:至|到|-|—)\d{{1,2}}月)?"
    rf"|第?[一二三四]季度|前三季度|上半年|下半年|前\d{{1,2}}个月|\d{{1,2}}(?:至|到|-|—)\d{{1,2}}月"
)
_RELATIVE = {"今年": 0, "本年": 0, "本年度": 0, "去年": -1, "上年": -1, "前年": -2}
_AS_OF_NOW = re.compile(r"截至(?:目前|发稿|记者发稿时)")


@dataclass
class Period:
    text: str
    start: int
    year: int | None
    as_of: date | None = None


def periods_in(text: str, published: date | None) -> list[Period]:
    found, context = [], published.year if published else None
    for match in PERIOD.finditer(text):
        written = match.group()
        if written in ("截至", "截至底", "截至末"):
            continue
        year, as_of = _resolve(written, published, context)
        if year is None:
            continue
        explicit = re.search(r"((?:19|20)\d\d)年", written)
        if explicit:
            context = int(explicit.group(1))  # 全年 and 上半年 later in the text mean this year
        elif any(written.startswith(word) for word in _RELATIVE) and published:
            context = published.year + next(
                o for w, o in _RELATIVE.items() if written.startswith(w)
            )  # 全年 and 上半年 later in the text mean this year
        found.append(Period(written, match.start(), year, as_of))
    return found


def _resolve(written: str, published: date | None, context: int | None):
    explicit = re.search(r"((?:19|20)\d\d)年", written)
    if _AS_OF_NOW.match(written):
        return (published.year, published) if published else (None, None)
    if explicit:
        year = int(explicit.group(1))
    else:
        relative = next((offset for word, offset in _RELATIVE.items() if written.startswith(word)), None)
        if relative is not None:
            year = published.year + relative if published else None
        else:
            year = context
    if written.startswith("截至") and year:
        return year, _end_of(written, year)
    if written.endswith("以来") and published:
        return published.year, published  # since then, up to the day of publication
    return year, None


def _end_of(written: str, year: int) -> date | None:
    month = re.search(r"(\d{1,2})月", written)
    day = re.search(r"(\d{1,2})日", written)
    if not month:
        return date(year, 12, 31) if written.endswith(("底", "末")) else None
    m = int(month.group(1))
    if not 1 <= m <= 12:
        return None
    if day and 1 <= int(day.group(1)) <= 28:
        return date(year, m, int(day.group(1)))
    following = date(year + (m == 12), m % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
