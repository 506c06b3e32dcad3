"""Find the agencies and campaigns a text mentions. Pure: text and a name table in, counts out.

Agencies: the longest curated name at each place, unless a longer ordinary word starts there
(公安部门 is not 公安部). Campaigns: quoted names in the campaign pattern (“长城”“云剑”等行动,
“断卡”行动, “净网2021”专项行动), any quoted known name, and bare known names that are not ordinary
words. Unknown names in the campaign pattern are suggestions for curators. Other quoted words
(“两卡”, “内鬼”) are not campaigns.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from ..search.tokenize import normalise

_QUOTED = r"[“\"]([^“”\"]{1,16})[”\"]"
_JOIN = r"[、,，和及与]?"
# A run of quoted names followed by the word for an operation: “长城”“云剑”等行动, “清朗”系列专项行动.
_PATTERN = re.compile(
    rf"((?:{_QUOTED}{_JOIN})+)等?(?:\d{{4}}年?)?(?:系列|专项|集中|整治|打击|清理|治理|攻坚|统一|会战|联合){{0,3}}(?:行动|战役)"
)
_NAME_IN_RUN = re.compile(_QUOTED)
_QUOTED_ANYWHERE = re.compile(_QUOTED)
# 云剑-2020, 净网2021, 2021清朗, 清朗·暑期未成年人网络环境整治: the campaign is the name without them.
_YEAR_AFFIX = re.compile(r"^(?:(?:19|20)\d\d年?)?(.+?)(?:[-－—–·・]?(?:19|20)\d\d年?)?$")
_SUBTITLE = re.compile(r"^(.+?)[·・].+$")


@dataclass
class NameTable:
    agencies: dict[str, str]  # normalised name or alias -> canonical agency name
    campaigns: dict[str, str]  # normalised name, alias or phase -> canonical campaign name
    quoted_only: set[str] = field(default_factory=set)  # canonical campaigns that are also ordinary words
    ignored: set[str] = field(default_factory=set)  # normalised names curators rejected
    words: dict[str, int] = field(default_factory=dict)  # the segmenter's dictionary, for word boundaries
    parents: dict[str, str] = field(default_factory=dict)  # canonical agency -> canonical parent

    def __post_init__(self):
        self._agency_re = _alternation(self.agencies)
        bare = {n: c for n, c in self.campaigns.items() if c not in self.quoted_only}
        self._campaign_re = _alternation(bare)

    def extract(self, text: str) -> "Extraction":
        """The agencies and campaigns this text names (extract_entities with this table)."""
        return extract_entities(text, self)


def _alternation(names):
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


@dataclass
class Extraction:
    agencies: Counter = field(default_factory=Counter)
    campaigns: Counter = field(default_factory=Counter)
    suggested: Counter = field(default_factory=Counter)


def _inside_longer_word(text, start, end, names, words) -> bool:
    """True when an ordinary dictionary word longer than the match starts where it starts."""
    for stop in range(end + 1, min(len(text), start + 8) + 1):
        candidate = text[start:stop]
        if words.get(candidate) and candidate not in names:
            return True
    return False


def _bare_matches(text, pattern, names, words, parents=None):
    found = Counter()
    if pattern is None:
        return found
    for match in pattern.finditer(text):
        if not _inside_longer_word(text, match.start(), match.end(), names, words):
            found[names[match.group()]] += 1
            found.update(_named_ancestors(match.group(), names, parents or {}))
    return found


def _named_ancestors(matched, names, parents):
    """国务院打击治理…联席会议 names its parent 国务院 too: count an ancestor whose name begins the match."""
    ancestors = set()
    agency = names[matched]
    while agency in parents and agency not in ancestors:
        agency = parents[agency]
        ancestors.add(agency)
    return [names[matched[:n]] for n in range(2, len(matched)) if names.get(matched[:n]) in ancestors]


def campaign_of(name: str, table: NameTable) -> str | None:
    """The canonical campaign for a quoted name, trying it whole, without year and without subtitle."""
    for candidate in (name, _YEAR_AFFIX.match(name).group(1), _SUBTITLE.sub(r"\1", name)):
        if candidate in table.campaigns:
            return table.campaigns[candidate]
    return None


def suggestion_name(name: str) -> str:
    return _SUBTITLE.sub(r"\1", _YEAR_AFFIX.match(name).group(1)).strip()


def extract_entities(text: str, table: NameTable) -> Extraction:
    text = normalise(text)
    result = Extraction()
    result.agencies = _bare_matches(text, table._agency_re, table.agencies, table.words, table.parents)

    quoted_spans = []
    for run in _PATTERN.finditer(text):
        for match in _NAME_IN_RUN.finditer(run.group(1)):
            name = match.group(1).strip()
            campaign = campaign_of(name, table)
            if campaign:
                result.campaigns[campaign] += 1
            elif suggestion_name(name) not in table.ignored and len(suggestion_name(name)) >= 2:
                result.suggested[suggestion_name(name)] += 1
        quoted_spans.append(run.span())

    for match in _QUOTED_ANYWHERE.finditer(text):
        if any(start <= match.start() < end for start, end in quoted_spans):
            continue
        campaign = campaign_of(match.group(1).strip(), table)
        if campaign:
            result.campaigns[campaign] += 1

    # Bare names (断卡 without quotes) count too, unless they are ordinary words like 长城.
    unquoted = _QUOTED_ANYWHERE.sub(lambda m: "\0" * len(m.group()), text)
    result.campaigns.update(_bare_matches(unquoted, table._campaign_re, table.campaigns, table.words))
    return result
