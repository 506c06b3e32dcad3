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
_SHORT_NAME = re.compile(r"简称\s*《([^《》]{1,20})》")
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
    seen: dict[str, Reference] = {}
    short_names = {normalise_title(t) for t in _SHORT_NAME.findall(text or "")}
    for sentence in _SENTENCE.findall(text or ""):
        relation = _relation(sentence, changes)
        for ref in _in_sentence(sentence, relation):
            if not ref.number and normalise_title(ref.title) in short_names:
                continue
            keys = {k for k in (_number_key(ref.number), normalise_title(ref.title)) if k}
            itself = (own_key and own_key in keys) or (normalise_title(ref.title) in own and not ref.number)
            earlier = next((seen[k] for k in keys if k in seen), None)
            if earlier is not None and not itself:
                _complete(earlier, ref)  # the title named again, now with its number or its repeal
                keys |= {k for k in (_number_key(earlier.number), normalise_title(earlier.title)) if k}
            elif keys and not itself:
                found.append(ref)
            seen.update(dict.fromkeys(keys, earlier or ref))
    return found


def _complete(earlier: Reference, again: Reference) -> None:
    earlier.number = earlier.number or again.number
    earlier.title = earlier.title or again.title
    if earlier.relation == CITES:
        earlier.relation = again.relation


def _changes(title: str) -> str:
    """What a decision does to the documents it lists: 废止部分规章的决定 repeals, 关于修改…的决定 amends."""
    bare = re.sub(r"《[^》]*》", "", title or "")
    if not bare.endswith("决定"):
        return ""
    if "废止" in bare:
        return REPEALS
    return AMENDS if _AMEND.search(bare) else ""


def _relation(sentence: str, changes: str) -> str:
    """The sentence's default relation: what a decision does to its list, else cites."""
    outside = re.sub(r"《[^》]*》", "", sentence)
    if changes == AMENDS and _AMEND.search(outside) and not _BASIS.search(outside):
        return AMENDS
    if changes == REPEALS and not _BASIS.search(outside):
        return REPEALS
    return CITES


def _repealed_here(sentence: str, start: int, end: int) -> bool:
    """A reference the sentence ends: "《X》（number）同时废止", "《X》和《Y》不再执行", "废止《X》". A part of
    it ("不再执行《X》中关于…的规定") is not the document ended."""
    after = sentence[end:]
    if re.match(r"\s*(?:中|第|有关|关于|的(?!规定))", after):
        return False
    m = _REPEAL.search(after)
    if m:
        between = re.sub(r"《[^》]*》|[（(][^）)]*[）)]", "", after[: m.start()])
        if len(between) <= 12 and not re.search(r"[，,]", between):
            return True
    return bool(re.search(r"(?:废止|停止执行|不再执行)(?:了|以下|下列|原)?\s*$", sentence[:start]))


def _in_sentence(sentence: str, relation: str) -> list[Reference]:
    refs, covered = [], []
    for m in _TITLE.finditer(sentence):
        if re.search(r"简称\s*$", sentence[: m.start()]):
            continue  # （以下简称《方案》）: a short name for a document already cited
        number = ""
        if m["note"]:
            hits = find_numbers(m["note"])
            if hits:
                number = hits[0][2].normalised
        covered.append((m.start(), m.end()))
        refs.append((m.start(), m.end(), Reference(m["title"].strip(), number, relation)))
    for start, end, number in find_numbers(sentence):
        if any(a <= start and end <= b for a, b in covered):
            continue
        refs.append((start, end, Reference("", number.normalised, relation)))
    out = []
    for start, end, ref in sorted(refs, key=lambda item: item[0]):
        if ref.relation == CITES and _repealed_here(sentence, start, end):
            ref.relation = REPEALS
        out.append(ref)
    return out


def _number_key(number: str) -> str:
    parsed = parse_number(number)
    return parsed.key if parsed else ""


def resolve(references: list[Reference], by_number: dict, by_title: dict, dates=None, written=None) -> list:
    """The id each reference names: by number key first, then by normalised title; None when neither
    is known. by_number maps number keys (numbers.number_key), by_title normalised titles, to ids. A
    numbered reference does not resolve by title to a document known under another number: that is
    another version of the document (the 2008 rule its 2018 successor replaced). Nor does a title
    resolve to a document written after the citing one (dates: id -> date; written: the citing
    document's date): a text cannot cite what did not exist yet, only the earlier one of that name."""
    numbered = {target: key for key, target in by_number.items()}
    dates = dates or {}
    ids = []
    for ref in references:
        key = _number_key(ref.number)
        target = by_number.get(key) if key else None
        if target is None and ref.title:
            target = by_title.get(normalise_title(ref.title))
            if target is not None and key and numbered.get(target, key) != key:
                target = None
            if target is not None and written and dates.get(target) and dates[target] > written:
                target = None
        ids.append(target)
    return ids
