"""The order a reader expects names in: Chinese by pinyin, as dictionaries and indexes order them,
not by code point (which puts 中国人民银行 before 财政部); English by its letters.

Pinyin is pypinyin's reading of the whole name (银行 is yin hang, 重庆 chong qing), compared
syllable by syllable with the tone after the letters (an1 < an2 < ang1). Letters, digits and
English names compare case aside; quotes and other punctuation are left out (全国“扫黄打非”… sorts
as quan guo sao huang…). A pure function: no database, no interface language.

pypinyin's phrase dictionary takes about 57 MB and half a second to load, once per process, so a
web worker does not load it: an agency's and a campaign's Chinese name keep their syllables in
the row (`collation`, written when the row is saved), and a name with no Chinese character needs
no reading.
"""

import re
from functools import lru_cache

_NOT_WORD = re.compile(r"[^\w\s]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
SEPARATOR = "\x1f"  # between stored syllables: below every character a syllable holds


@lru_cache(maxsize=4096)  # about 0.5 ms a name; the names are few and rarely change
def collation_key(name: str) -> tuple:
    """Sort key of a name as shown: its pinyin syllables (other text as its words), then the name itself."""
    if _HAN.search(name):
        from pypinyin import Style, lazy_pinyin  # noqa: PLC0415 (57 MB: only where a name is read)

        parts = lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True)
    else:
        parts = [name]
    syllables = tuple(part for part in (" ".join(_NOT_WORD.sub("", p).split()).casefold() for p in parts) if part)
    return syllables, name


def stored_syllables(name: str) -> str:
    """What a row keeps of collation_key(name): its syllables, as one string."""
    return SEPARATOR.join(collation_key(name)[0])


def entity_key(entity) -> tuple:
    """collation_key of an agency or campaign as shown (archive.models.Bilingual), from the syllables
    its row keeps when it is shown by its Chinese name."""
    shown = str(entity)
    if shown == entity.name and entity.collation:
        return tuple(entity.collation.split(SEPARATOR)), shown
    return collation_key(shown)
