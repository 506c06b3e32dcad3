"""Numbers as Chinese announcements write them, read to exact decimals, and written back for readers.
Pure.

32.2万 -> 322000, 2720余亿 -> 272000000000 (more than), 1.1万亿 -> 1100000000000, 两千 -> 2000,
一百二十万 -> 1200000, 三点五 -> 3.5, 百分之三十 -> 30. Never a float: 0.1 + 0.2 is not 0.3 in a report.
cn2an reads most of these, but not 余 inside a number or 万亿, so the grammar is written out here.
And back: 126060000000000 -> 126.06万亿 (in English 126.06 trillion), every digit kept.
"""

import re
from decimal import Decimal, InvalidOperation

MAGNITUDES = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8}
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# Traditional and full-width forms, folded one character for one so that offsets stay put.
FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "，": "，",
        "％": "%",
        "萬": "万",
        "億": "亿",
        "餘": "余",
        "兩": "两",
        "貳": "二",
        "參": "三",
        "點": "点",
        "個": "个",
    }
)
# An Arabic number with optional thousands separators; a magnitude may follow (32.2万, 1.1万亿, 3千万).
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
MAGNITUDE = r"(?:万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千|百)"
# A Chinese numeral begins with a digit or 十 (not 百/千/万: 百姓, 千万不要, 万一); 三点五亿 has a
# fraction and then its magnitude.
CHINESE = (
    r"[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+(?:万亿|亿|万)?)?"
)


class NotANumber(ValueError):
    pass


def chinese_integer(text: str) -> int:
    """一百二十万 -> 1200000, 两千 -> 2000, 十五 -> 15, 三万五千 -> 35000, 一千零五 -> 1005.

    Sections are split at 亿 then 万; inside a section digits multiply 千/百/十. A string that is
    not such a numeral (十三五, 一一) raises NotANumber."""
    if not text:
        raise NotANumber(text)
    total = 0
    rest = text
    for unit, power in (("亿", 8), ("万", 4)):
        if unit in rest:
            head, _, rest = rest.partition(unit)
            if unit in rest:
                raise NotANumber(text)
            total += _section(head, text) * 10**power
    return total + (_section(rest, text) if rest else 0)


def _section(part: str, whole: str) -> int:
    """A numeral below ten thousand: digits multiply 千/百/十; 零 marks a skipped place."""
    value, digit, last_power, skipped = 0, None, 4, False
    for ch in part:
        if ch in DIGITS:
            if digit and DIGITS[ch]:
                raise NotANumber(whole)  # 一一, 三五: not a numeral
            skipped = skipped or DIGITS[ch] == 0
            digit = DIGITS[ch]
        elif ch in "十百千":
            power = MAGNITUDES[ch]
            if power >= last_power:
                raise NotANumber(whole)  # 十百, 百千: out of order
            value += (1 if digit is None and ch == "十" else _required(digit, whole)) * 10**power
            digit, last_power = None, power
        else:
            raise NotANumber(whole)
    if digit:
        # 十五, 一千零五: units; 三千五 is 3500 and 两百五 is 250: the next place down.
        value += digit if last_power in (1, 4) or skipped else digit * 10 ** (last_power - 1)
    return value


def _required(digit, whole):
    if digit is None:
        raise NotANumber(whole)
    return digit


def chinese_decimal(text: str) -> Decimal:
    """三点五 -> 3.5, 十二点零五 -> 12.05, 三点五亿 -> 350000000."""
    whole, dot, fraction = text.partition("点")
    scale = re.search(r"(?:万亿|亿|万)$", fraction) if dot else None
    if scale:
        return chinese_decimal(f"{whole}点{fraction[: scale.start()]}").scaleb(magnitude(scale.group()))
    value = Decimal(chinese_integer(whole))
    if dot:
        if not fraction or any(ch not in DIGITS for ch in fraction):
            raise NotANumber(text)
        value += Decimal("0." + "".join(str(DIGITS[ch]) for ch in fraction))
    return value


def magnitude(text: str) -> int:
    """万亿 -> 12, 千万 -> 7, 亿 -> 8: the power of ten of a run of magnitude characters."""
    return sum(MAGNITUDES[ch] for ch in text)


def decimal_of(number: str, scale: str = "") -> Decimal:
    """An Arabic or Chinese number with an optional magnitude, as an exact, plain decimal."""
    number = number.replace(",", "")
    mixed = re.fullmatch(r"(\d+)亿(\d+)万", number)  # 2亿6300万
    if mixed:
        return plain((Decimal(mixed.group(1)) * 10**4 + Decimal(mixed.group(2))).scaleb(4 + magnitude(scale)))
    try:
        value = Decimal(number) if number[:1].isdigit() else chinese_decimal(number)
    except (InvalidOperation, KeyError) as error:
        raise NotANumber(number) from error
    return plain(value.scaleb(magnitude(scale)))


def plain(value: Decimal) -> Decimal:
    """32.2E+4 -> 322000, 12.50 -> 12.5: the value written without exponent or trailing zeros."""
    value = value.normalize()
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value


# The largest that a value reaches names it: 万亿, 亿, 万 as Chinese readers count; trillion, billion,
# million in English, whose smaller numbers are grouped by thousands.
_CHINESE_MAGNITUDES = ((12, "万亿"), (8, "亿"), (4, "万"))
_ENGLISH_MAGNITUDES = ((12, " trillion"), (9, " billion"), (6, " million"))


def readable(value: Decimal, language: str = "zh-hans") -> str:
    """A value as a reader writes it: 126060000000000 -> 126.06万亿, 322000 -> 32.2万, 5290 -> 5290;
    in English 126.06 trillion, 8.7 million, 322,000, 5,290. Nothing is rounded: the digits are the
    value's own, which are those its source wrote (140967万 -> 14.0967亿)."""
    value = plain(Decimal(value))
    chinese = language.lower().startswith("zh")
    for power, word in _CHINESE_MAGNITUDES if chinese else _ENGLISH_MAGNITUDES:
        if abs(value) >= Decimal(10) ** power:
            return f"{plain(value.scaleb(-power)):f}{word}"
    return f"{value:f}" if chinese else f"{value:,f}"


def readable_quantity(value: Decimal, value_max: Decimal | None, unit: str, language: str = "zh-hans") -> str:
    """A figure's value, or range, with its unit: 126.06万亿元, 3万–5万人, 5.2%; in English 126.06
    trillion 元 (the unit is data, as the source wrote it), 30,000–50,000 人."""
    text = readable(value, language)
    if value_max is not None:
        text += "–" + readable(value_max, language)
    return text + unit_after(unit, language)


def unit_after(unit: str, language: str = "zh-hans") -> str:
    """The unit as it follows a number: 元 in Chinese, " 元" in English, % in both."""
    return unit if not unit or unit == "%" or language.lower().startswith("zh") else " " + unit
