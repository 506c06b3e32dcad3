"""The dates of a document: 成文日期 as signatures write them, 施行日期 and the end of a stated 有效期.

A date is written 2019年2月15日, 2019年02月15日, 2019-02-15, 2019.2.15 or in Chinese numerals,
二〇一九年二月十五日 (with 〇, ○, 零 or O for nought). 施行 is "自2021年3月1日起施行" or "自发布
(公布、印发)之日起施行"; an expiry "有效期至2025年12月31日" or "有效期5年"/"有效期为三年", counted from the
day it takes effect.
"""

import re
from datetime import date

_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零OＯ一二三四五六七八九十两"
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DATE = re.compile(
    rf"(?P<y>(?:19|20)\d\d|[一二][{_CN}]{{3}})\s*(?:年|[-/.])\s*(?P<m>\d{{1,2}}|[{_CN}]{{1,2}})\s*(?:月|[-/.])\s*"
    rf"(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})(?![\d])\s*日?"
)
_EFFECTIVE = re.compile(
    r"自\s*(?:(?P<event>发布|公布|印发|颁布|下发|公告)之日|(?P<date>[^，。；自]{6,18}?日))\s*起(?:施行|执行|实施|生效)"
)
_SENTENCE = re.compile(r"[^。；;\n]+")
# The document speaking of itself: 本办法…有效期, …起施行，有效期…
_OWN_TERM = re.compile(
    r"(?:^|[，。\s])本(?:[^，。]{0,6})?(?:有效期|自.{2,20}起(?:施行|执行|实施))|(?:施行|执行|实施)[，,]\s*有效期"
)
_EXPIRES_ON = re.compile(r"有效期(?:至|到|截至)\s*(?P<date>\S{6,16}?日)")
_EXPIRES_IN = re.compile(r"有效期(?:为|是)?\s*(?P<n>\d{1,2}|[一二三四五六七八九十两]{1,2})\s*年")


def _number(text: str) -> int:
    """A number written with Arabic digits, digit by digit in Chinese (二〇一九), or as 十五/二十三."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(units, 0) if units else 0)
    value = 0
    for ch in text:
        value = value * 10 + _DIGITS[ch]
    return value


def find_written_dates(text: str) -> list[tuple[int, int, date]]:
    """Every whole date in text (to the day), as (start, end, date)."""
    found = []
    for m in _DATE.finditer((text or "").translate(_WIDE_DIGITS)):
        try:
            found.append((m.start(), m.end(), date(_number(m["y"]), _number(m["m"]), _number(m["d"]))))
        except (ValueError, KeyError):
            continue
    return found


def parse_day(text: str) -> date | None:
    """The first date in text, or None."""
    hits = find_written_dates(text)
    return hits[0][2] if hits else None


def is_date_line(line: str) -> bool:
    """A line that is a date and nothing else (brackets and spaces allowed): a signature's 成文日期."""
    hits = find_written_dates(line)
    if len(hits) != 1:
        return False
    start, end, _ = hits[0]
    rest = (line[:start] + line[end:]).strip(" 　（）()")
    return not rest


def effective_date(body: str, published: date | None, written: date | None) -> date | None:
    """施行日期 the text states: a date, or the day it was issued (发布/公布: published; 印发: written)."""
    for m in _EFFECTIVE.finditer(body or ""):
        if m["date"]:
            day = parse_day(m["date"])
            if day:
                return day
        elif m["event"] == "印发":
            return written or published
        elif m["event"]:
            return published or written
    return None


def expires_on(body: str, start: date | None) -> date | None:
    """The end of a stated 有效期 of the document itself: its date, or N years from start (the day it took
    effect). "本办法自2021年3月1日起施行，有效期5年" is the document's; "驾驶证有效期为六年" is not."""
    for sentence in _SENTENCE.findall(body or ""):
        if not _OWN_TERM.search(sentence):
            continue
        m = _EXPIRES_ON.search(sentence)
        if m:
            return parse_day(m["date"])
        m = _EXPIRES_IN.search(sentence)
        if m and start:
            years = _number(m["n"])
            try:
                return start.replace(year=start.year + years)
            except ValueError:  # 29 February
                return start.replace(year=start.year + years, day=28)
    return None
