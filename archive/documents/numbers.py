"""Document numbers (发文字号): 国办发〔2021〕84号 as printed, parsed and keyed.

The brackets around the year vary in the wild (〔〕 [] （） 【】 () ［］) and the serial may carry 第
(国办发〔2021〕第84号); all are one number, written back with 〔〕. Orders (令) are numbered with 第
and often without a year: 公安部令第160号, 国务院令第708号, 中国人民银行令〔2021〕第3号.
"""

import re
import unicodedata
from dataclasses import dataclass

_OPEN, _CLOSE = "〔[（【(［{", "〕]）】)］}"
_CJK = r"\u4e00-\u9fff"
# Words that stand before a number in running text and are not part of its code: the code begins
# after the last of the longer ones, and single characters are dropped from its front.
_CUT_AFTER = re.compile(
    r"^.*(?:根据|依据|按照|参照|遵照|对照|落实|贯彻|执行|印发|转发|发布|颁布|公布|下发|详见|文件|号文|通知|意见|规定|办法|决定|以及)"
)
_LEADING = re.compile(r"^[见即及与或同的并对将按据照经以由为在于是和]+")
_NUMBER = re.compile(
    rf"(?P<code>[{_CJK}A-Za-z]{{1,16}}?)\s*"
    rf"(?:[{re.escape(_OPEN)}]\s*(?P<year>(?:19|20)\d\d)\s*[{re.escape(_CLOSE)}]|(?<=令)(?=第))\s*"
    r"(?P<di>第)?\s*(?P<serial>\d{1,5})\s*号"
)
# An announcement numbered by year: 国家税务总局公告2018年第60号, 财政部 税务总局 海关总署公告2019年第39号.
_ANNOUNCEMENT = re.compile(
    rf"(?P<code>[{_CJK}][{_CJK} ]{{0,30}}?公告)\s*(?P<year>(?:19|20)\d\d)\s*年\s*第\s*(?P<serial>\d{{1,5}})\s*号"
)
# The order's issuer is named more than one way: 中华人民共和国国务院令, 国务院令 and 国令 are one series.
_CODE_SYNONYMS = {"国令": "国务院令"}


@dataclass(frozen=True)
class Number:
    printed: str  # as the text wrote it
    code: str  # 国办发, 公安部令
    year: int | None
    serial: int

    @property
    def is_order(self) -> bool:
        return self.code.endswith("令")

    @property
    def is_announcement(self) -> bool:
        return self.code.endswith("公告")

    @property
    def normalised(self) -> str:
        if self.is_announcement:
            return f"{self.code}{self.year}年第{self.serial}号"
        if self.year is None:
            return f"{self.code}第{self.serial}号"
        if self.is_order:
            return f"{self.code}〔{self.year}〕第{self.serial}号"
        return f"{self.code}〔{self.year}〕{self.serial}号"

    @property
    def key(self) -> str:
        code = self.code.removeprefix("中华人民共和国").replace(" ", "")
        code = _CODE_SYNONYMS.get(code, code)
        return f"{code}|{self.year or ''}|{self.serial}"


def _clean_code(code: str) -> str:
    return _LEADING.sub("", _CUT_AFTER.sub("", code))


def find_numbers(text: str) -> list[tuple[int, int, Number]]:
    """Every document number in text, in order, as (start, end, Number)."""
    text = text or ""
    folded = unicodedata.normalize("NFKC", text)
    source = folded if len(folded) == len(text) else text  # full-width digits read, places kept
    found = []
    for m in _NUMBER.finditer(source):
        code = _clean_code(m["code"])
        if code[:1] in "年月日" and m.start("code") + len(m["code"]) - len(code) > 0:
            before = source[m.start("code") + len(m["code"]) - len(code) - 1]
            code = code[1:] if before.isdigit() else code  # 1994年1月28日中华人民共和国国务院令第142号
        if len(code) < 2 and not code.endswith("令"):
            continue
        if m["year"] is None and not code.endswith("令"):
            continue
        start = m.start("code") + (len(m["code"]) - len(code))
        number = Number(text[start : m.end()], code, int(m["year"]) if m["year"] else None, int(m["serial"]))
        found.append((start, m.end(), number))
    for m in _ANNOUNCEMENT.finditer(source):
        code = " ".join(_clean_code(m["code"]).split())
        start = m.end("code") - len(_clean_code(m["code"]))
        found.append((start, m.end(), Number(text[start : m.end()], code, int(m["year"]), int(m["serial"]))))
    return sorted(found, key=lambda hit: hit[0])


def parse_number(text: str) -> Number | None:
    """The number text is (spaces and surrounding brackets allowed), or None."""
    text = (text or "").strip().strip("（）()[]【】 ")
    hits = find_numbers(text)
    if len(hits) != 1:
        return None
    start, end, number = hits[0]
    return number if start == 0 and end == len(text) else None


def number_key(text: str) -> str:
    """A key equal for every written form of one number; "" when text is not a number."""
    number = parse_number(text)
    return number.key if number else ""


def normalise_number(text: str) -> str:
    """The number written with 〔〕, or "" when text is not one."""
    number = parse_number(text)
    return number.normalised if number else ""
