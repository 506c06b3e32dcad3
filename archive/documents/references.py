"""The documents a text cites: 《title》 with or without its number, and bare numbers.

A 《title》 followed by its number in brackets is one reference. A sentence that ends documents
(…同时废止, …不再执行, 停止执行, 废止…) makes its references "repeals"; in a decision that amends
(关于修改《X》的决定) the documents it changes are "amends"; every other reference "cites".
Resolving a reference to an archived document is by number first, then by the exact title.
"""

import re
from dataclasses import dataclass

from ..search.tokenize import normalise
from .numbers import find_numbers, parse_number

CITES, REPEALS, AMENDS = "cites", "repeals", "amends"
_TITLE = re.compile(r"《(?P<title>[^《》]{2,120})》(?:\s*[（(](?P<note>[^（）()]{0,60})[）)])?")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?\n]?")
_REPEAL = re.compile(r"同时废止|予以废止|一并废止|不再执行|停止执行|不再施行|废止")
_AMEND = re.compile(r"修改|修订|修正")
_BASIS = re.compile(r"根据|依据|依照|按照")
_NOT_TITLE_CHARS = re.compile(r"[\s\W_]+")


@dataclass
class Reference:
    title: str  # inside 《》 without the marks, "" for a bare number
    number: str  # normalised (〔〕), "" when none
    relation: str  # "cites" | "repeals" | "amends"


def normalise_title(title: str) -> str:
    """A key for exact-title matching: NFKC, simplified, no spaces, punctuation or 《》."""
    return _NOT_TITLE_CHARS.sub("", normalise(title or ""))


def find_references(text: str, title: str = "", own_number: str = "", enclosed_title: str = "") -> list[Reference]:
    """Every document the text cites, in order, without duplicates, itself and its enclosure left out."""
    own = {normalise_title(t) for t in (title, enclosed_title) if t}
    own_key = parse_number(own_number).key if parse_number(own_number) else ""
    changes = _changes(title)
    found: list[Reference] = []
    seen: set[str] = set()
    for sentence in _SENTENCE.findall(text or ""):
        relation = _relation(sentence, changes)
        for ref in _in_sentence(sentence, relation):
            keys = {k for k in (_number_key(ref.number), normalise_title(ref.title)) if k}
            if not keys or keys & seen or (normalise_title(ref.title) in own) or (own_key and own_key in keys):
                seen |= keys
                continue
            seen |= keys
            found.append(ref)
    return found


def _changes(title: str) -> str:
    """What a decision does to the documents it lists: 废止部分规章的决定 repeals, 关于修改…的决定 amends."""
    bare = re.sub(r"《[^》]*》", "", title or "")
    if not bare.endswith("决定"):
        return ""
    if "废止" in bare:
        return REPEALS
    return AMENDS if _AMEND.search(bare) else ""


def _relation(sentence: str, changes: str) -> str:
    outside = re.sub(r"《[^》]*》", "", sentence)
    if _BASIS.search(outside) and not _REPEAL.search(outside):
        return CITES
    if _REPEAL.search(outside):
        return REPEALS
    if changes == AMENDS and _AMEND.search(outside):
        return AMENDS
    return changes or CITES


def _in_sentence(sentence: str, relation: str) -> list[Reference]:
    refs, covered = [], []
    for m in _TITLE.finditer(sentence):
        number = ""
        if m["note"]:
            hits = find_numbers(m["note"])
            if hits:
                number = hits[0][2].normalised
            covered.append((m.start(), m.end()))
        else:
            covered.append((m.start(), m.end()))
        refs.append((m.start(), Reference(m["title"].strip(), number, relation)))
    for start, end, number in find_numbers(sentence):
        if any(a <= start and end <= b for a, b in covered):
            continue
        refs.append((start, Reference("", number.normalised, relation)))
    return [ref for _, ref in sorted(refs, key=lambda pair: pair[0])]


def _number_key(number: str) -> str:
    parsed = parse_number(number)
    return parsed.key if parsed else ""


def resolve(references: list[Reference], by_number: dict, by_title: dict) -> list:
    """The id each reference names: by number key first, then by normalised title; None when neither
    is known. by_number maps number keys (numbers.number_key), by_title normalised titles, to ids."""
    ids = []
    for ref in references:
        target = by_number.get(_number_key(ref.number)) if ref.number else None
        if target is None and ref.title:
            target = by_title.get(normalise_title(ref.title))
        ids.append(target)
    return ids
