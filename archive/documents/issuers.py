"""Who issued a document (发文机关), from a table cell, a signature block or the title's prefix.

Names are split on spaces, 、, ，and 和, and each resolved to its canonical agency through the name
table's aliases (人社部 -> 人力资源和社会保障部); a name the table does not know (a provincial 厅)
is kept as written. A signature block is one or several issuer lines followed by a date line.
"""

import re
import unicodedata

from ..search.tokenize import normalise
from .dates import find_written_dates, is_date_line
from .numbers import find_numbers

_HEAD_NOTE_LINES = 5

_SPLIT = re.compile(r"[\s\u3000、，,；;/]+|(?<=[部委局院厅办署府会])和(?=\S{2})")
# How the names of bodies end: 部, 委员会, 人民政府, 办公厅, 中央军委, 总局, 人民银行 …
_BODY_END = re.compile(
    r"(?:部|委|局|院|厅|办|署|府|会|室|处|中心|总局|银行|法院|检察院|军委|中央|小组|政府|集团|公司|联合会|"
    r"工会|团中央|妇联|工商联|组织部|宣传部|统战部|管委会|指挥部|协会|学会)$"
)
_NOT_A_NAME = re.compile(r"[，。：:；！？“”《》\d]|关于|通知|意见|附件|印发|抄送|联系人|电话")
_ORDER = re.compile(r"^(?:[\u4e00-\u9fff]{2,20}令|第\d+号)$")
_N = "[\\d一二三四五六七八九十百零〇]+"
_ADOPTED = re.compile(
    rf"经?(?P<org>[\u4e00-\u9fff]{{1,22}}?(?:部|委员会|委|院|局|署|银行|厅|办公室|政府))(?:第{_N}届)?(?:第{_N}次)?"
    r"(?:部务会议|局务会议|委务会议|署务会议|行务会议|部长办公会议|主任会议|常务会议|审判委员会|检察委员会|办公会议)"
)


def split_names(text: str) -> list[str]:
    return [part for part in _SPLIT.split(text or "") if part]


def looks_like_body(name: str) -> bool:
    return 2 <= len(name) <= 30 and not _NOT_A_NAME.search(name) and bool(_BODY_END.search(name))


def canonical(name: str, agencies: dict[str, str]) -> str:
    """The canonical agency the name stands for, or the name as written."""
    key = normalise(name)
    return agencies.get(key) or agencies.get(key.removeprefix("中华人民共和国")) or name


def resolve_names(names: list[str], agencies: dict[str, str]) -> list[str]:
    """Canonical names in order, each once."""
    out: list[str] = []
    for name in names:
        name = canonical(name, agencies)
        if name not in out:
            out.append(name)
    return out


def _is_issuer_line(line: str, agencies: dict[str, str]) -> bool:
    parts = split_names(line)
    return bool(parts) and len(line) <= 80 and all(_known(p, agencies) or looks_like_body(p) for p in parts)


def _known(name: str, agencies: dict[str, str]) -> bool:
    key = normalise(name)
    return key in agencies or key.removeprefix("中华人民共和国") in agencies


def signature(lines: list[str], agencies: dict[str, str]) -> tuple[list[str], object]:
    """(issuer names as written, 成文日期) of the first signature block: issuer lines above a date line.
    A date line with no issuer above it still gives the date, when nothing better is found."""
    bare_date = None
    for i, line in enumerate(lines):
        if i < 1 or not is_date_line(line):
            continue
        names, j = [], i - 1
        while j >= 0 and _is_issuer_line(lines[j], agencies) and not _ORDER.match(lines[j]):
            names[:0] = split_names(lines[j])
            j -= 1
        day = find_written_dates(line)[0][2]
        if names:
            return names, day
        bare_date = bare_date or day
    return [], bare_date


def title_issuers(title: str, agencies: dict[str, str]) -> list[str]:
    """The issuers a title begins with: 国务院办公厅关于…, 人力资源社会保障部 财政部关于…, 国务院办公厅转发…."""
    m = re.match(r"^(?P<prefix>.{2,80}?)(?:关于|转发|印发|对(?=.{2,}的答复))", title or "")
    if m is None:
        return []
    names = split_names(m["prefix"])
    if names and all(_known(n, agencies) or looks_like_body(n) for n in names):
        return names
    return []


def head_note(lines: list[str], agencies: dict[str, str]) -> tuple[list[str], object, str]:
    """A rule's head note (题注): "2021年8月2日 国家市场监督管理总局令第46号公布" or "2008年7月17日
    经人力资源和社会保障部第6次部务会议通过". Gives the issuers it names, the day it was published
    (else adopted) and the order's number."""
    names: list[str] = []
    adopted = published = None
    number = ""
    for line in lines[:_HEAD_NOTE_LINES]:
        line = unicodedata.normalize("NFKC", line).strip("（）() ")
        dates = find_written_dates(line)
        if not dates or dates[0][0] > 1 or not re.search(r"通过|公布|发布", line):
            continue
        for _start, end, found in find_numbers(line):
            if found.is_order and re.match(r"\s*(?:修订)?(?:公布|发布)", line[end:]):
                number = number or found.normalised
                names += [n for n in [found.code.removesuffix("令")] if _known(n, agencies) or looks_like_body(n)]
        if re.search(r"公布|发布", re.sub(r"《[^》]*》", "", line)) and "通过" not in line:
            published = published or dates[0][2]
        elif "通过" in line:
            adopted = adopted or dates[0][2]
            names += [
                n for m in _ADOPTED.finditer(line) for n in split_names(m["org"].removeprefix("经").removeprefix("日"))
            ]
    names = [n for n in names if _known(n, agencies) or looks_like_body(n)]
    return names, published or adopted, number
