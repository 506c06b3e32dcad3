"""Find the agencies and campaigns a text mentions. Pure: text and a name table in, counts out.

Agencies: a mention is of the longest name standing at a place. That is the longest curated name
there (国务院新闻办公室 is that office, not 国务院), unless a longer ordinary word starts there
(公安部门 is not 公安部) or the name begins the name of another body, known or not: a remit and
the designation of a coordinating body (国务院打击治理…部际联席会议, 国务院扶贫开发领导小组,
国务院银行业监督管理机构; see BODY_DESIGNATIONS). No body mentions its parent by naming itself.
Campaigns: quoted names in the campaign pattern (“长城”“云剑”等行动,
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

# What makes a name the beginning of another body's name, after at most 20 characters naming its remit:
# the coordinating bodies a government forms (joint meetings, leading and coordinating
# groups, committees, joint prevention and control mechanisms), and the law's word for a regulator. An
# office or bureau of the agency itself (教育部办公厅, 公安部刑侦局) acts for it and stays its mention.
BODY_DESIGNATIONS = ("联席会议", "领导小组", "协调小组", "委员会", "联防联控机制", "监督管理机构")
_REMIT_AND_DESIGNATION = re.compile(r"(?P<remit>[\u4e00-\u9fff0-9]{0,20}?)(?:" + "|".join(BODY_DESIGNATIONS) + ")")
# Words that show a sentence going on, not a name: the body did something, a clause begins, or a
# person of the body is named (国务院总理李克强同欧盟委员会…).
_CLAUSE = re.compile(
    "[的了在和与及并对向同就将把被于是该也都又还已愿]|会同|联合|召开|印发|发布|部署|决定|成立|设立|组建|建立|"
    "同意|批准|任命|交付|包括|要求|提出|举行|主持|出台|下发|通报|公布|牵头|近日|日前|今天|今年|关于|表示|指出|"
    "强调|总理|主席|部长|书记|负责人|发言人"
)


@dataclass
class NameTable:
    agencies: dict[str, str]  # normalised name or alias -> canonical agency name
    campaigns: dict[str, str]  # normalised name, alias or phase -> canonical campaign name
    quoted_only: set[str] = field(default_factory=set)  # canonical campaigns that are also ordinary words
    ignored: set[str] = field(default_factory=set)  # normalised names curators rejected
    words: dict[str, int] = field(default_factory=dict)  # the segmenter's dictionary, for word boundaries

    def __post_init__(self):
        self._agency_re = _alternation(self.agencies)
        self._begins_a_body = _begins_a_body(self._agency_re)
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


def _bare_matches(text, pattern, names, words, starts_a_body=None):
    """Counts of the names standing in text: the longest at each place, where no longer word or body
    begins with it; a place passed over is searched again one character on (中共中央纪律检查委员会)."""
    found = Counter()
    if pattern is None:
        return found
    pos = 0
    while match := pattern.search(text, pos):
        start, end = match.span()
        if _inside_longer_word(text, start, end, names, words) or (starts_a_body and starts_a_body(text, end)):
            pos = start + 1
            continue
        found[names[match.group()]] += 1
        pos = end
    return found


def _begins_a_body(agency_re):
    """Whether the text from `end` on makes the name before it part of another body's name."""

    def begins(text: str, end: int) -> bool:
        m = _REMIT_AND_DESIGNATION.match(text, end)
        if m is None:
            return False
        remit = m.group("remit")
        return not (_CLAUSE.search(remit) or (agency_re is not None and agency_re.search(remit)))

    return begins


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
    result.agencies = _bare_matches(text, table._agency_re, table.agencies, table.words, table._begins_a_body)

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
