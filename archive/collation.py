"""The order a reader expects names in: Chinese by pinyin, as dictionaries and indexes order them,
not by code point (which puts 中国人民银行 before 财政部); English by its letters.

Pinyin is pypinyin's reading of the whole name (银行 is yin hang, 重庆 chong qing), compared
syllable by syllable with the tone after the letters (an1 < an2 < ang1). Letters, digits and
English names compare case aside; quotes and other punctuation are left out (全国“扫黄打非”… sorts
as quan guo sao huang…). A pure function: no database, no interface language. pypinyin's phrase
dictionary takes about 57 MB and half a second to load, once per process.
"""

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_NOT_WORD = re.compile(r"[^\w\s]+")


@lru_cache(maxsize=4096)  # about 0.5 ms a name; the names are few and rarely change
def collation_key(name: str) -> tuple:
    """Sort key of a name as shown: its pinyin syllables (other text as its words), then the name itself."""
    parts = lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True)
    syllables = tuple(part for part in (" ".join(_NOT_WORD.sub("", p).split()).casefold() for p in parts) if part)
    return syllables, name
