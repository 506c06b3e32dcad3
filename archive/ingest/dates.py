"""Dates as Chinese pages write them, read into aware datetimes in Asia/Shanghai.

Handles 2021-04-10 18:52, 2021年04月10日 18:52, 2021年4月10日, 2021/04/10, 2019-12-10 07:57:40,
2019-09-11T02:46:57(+08:00), 18时52分, and labels such as 时间:, 发布时间：, 日期: in front of them.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

DAY, MINUTE, SECOND = 1, 2, 3  # precision, coarse to fine

_DATE_RE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*(?P<s1>[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*"
    r"(?P<d>\d{1,2})(?![\d%.])\s*日?"
    r"(?:[\sT-]{0,3}(?P<H>[01]?\d|2[0-3])\s*[:：时]\s*(?P<M>[0-5]\d)\s*分?"
    r"(?:\s*[:：]\s*(?P<S>[0-5]\d)(?:\.\d+)?\s*秒?)?"
    r"(?P<tz>Z|[+-][01]\d:?[0-5]\d)?)?"
)

# Labels that introduce a publication date; what the page calls the date it went online.
PUBLISH_LABELS = tuple("发布时间 发布日期 发稿时间 发表时间 发表日期 发文日期 公开日期 上传时间 时间 日期".split())
# Labels that introduce some other date: a dated decree is not published on the day it was written,
# and a page is generated, updated and crawled long after.
OTHER_LABELS = tuple(
    "成文日期 更新时间 印发日期 生效日期 施行日期 实施日期 废止日期 有效期 截止日期 生成时间 生成日期 当前时间 "
    "采集时间 抓取时间 爬取时间 访问时间 最后更新 今天".split()
)
TODAY = "今天"  # the label of a date widget: 今天是2026年11月30日, 日期：2026年11月30日 星期一

_LABEL_RE = re.compile(
    r"(?P<label>" + "|".join(sorted(PUBLISH_LABELS + OTHER_LABELS, key=len, reverse=True)) + r")"
    r"\s*[:：]\s*$"
    r"|(?P<today>今天是|今天|今日|现在是|北京时间)\s*[:：]?\s*$"
)
_WEEKDAY = re.compile(r"\s*(?:星期|周|礼拜)[一二三四五六日天]")


@dataclass(frozen=True)
class DateHit:
    value: datetime
    precision: int
    start: int
    end: int
    label: str = ""

    @property
    def is_publish(self) -> bool:
        return self.label in PUBLISH_LABELS


def _build(m: re.Match) -> tuple[datetime, int] | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    hour = minute = second = 0
    precision = DAY
    if m["H"] is not None:
        hour, minute, precision = int(m["H"]), int(m["M"]), MINUTE
        if m["S"] is not None:
            second, precision = int(m["S"]), SECOND
    try:
        naive = datetime(y, mo, d, hour, minute, second)
    except ValueError:
        return None
    if m["tz"]:
        return naive.replace(tzinfo=_offset(m["tz"])).astimezone(SHANGHAI), precision
    return naive.replace(tzinfo=SHANGHAI), precision


def _offset(tz: str) -> timezone:
    if tz == "Z":
        return UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def find_dates(text: str) -> list[DateHit]:
    """Every date in text, in order, each with the label written just before it (if any)."""
    hits = []
    for m in _DATE_RE.finditer(text):
        built = _build(m)
        if built is None:
            continue
        value, precision = built
        label = _label_before(text, m.start())
        if label in ("日期", "时间", "") and not m["H"] and _WEEKDAY.match(text, m.end()):
            label = TODAY  # a day with its day of the week and no time: the page header's date widget
        hits.append(DateHit(value, precision, m.start(), m.end(), label))
    return hits


def _label_before(text: str, pos: int) -> str:
    m = _LABEL_RE.search(text[max(0, pos - 12) : pos])
    if m is None:
        return ""
    return TODAY if m["today"] else m["label"]


def parse_date(text: str) -> datetime | None:
    """The first date in text, or None."""
    hits = find_dates(text or "")
    return hits[0].value if hits else None


def labelled_date(text: str) -> datetime | None:
    """The first date introduced by a publication label (发布时间： ...), or None."""
    for hit in find_dates(text or ""):
        if hit.is_publish:
            return hit.value
    return None


def refine(best: DateHit, others: list[DateHit]) -> DateHit:
    """The most precise hit that agrees with best: a meta date gains the time shown on the page."""
    for hit in others:
        if hit.precision > best.precision and _agrees(best, hit):
            best = hit
    return best


def _agrees(coarse: DateHit, fine: DateHit) -> bool:
    if coarse.precision == DAY:
        return coarse.value.date() == fine.value.date()
    return coarse.value.replace(second=0) == fine.value.replace(second=0)
