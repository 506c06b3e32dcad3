"""A page's metadata table as label -> value pairs: 信息公开 tables and "label：value" lines.

gov.cn writes <td><b>发文字号：</b></td><td>国办发〔2019〕4号</td> (a label line, then its value line);
ministries <li><span>发文机构：</span>公安部</li> or <dt>有效性</dt><dd>现行有效</dd>; others
"【发文字号】国办发〔2019〕4号" or several pairs on one line of a text dump. Only the labels a document's
reader knows are kept (archive.documents.fields.KNOWN), the first value of each.
"""

import re

from ..documents.fields import KNOWN, label_of

_SPACE = r"[\s\u3000\xa0]*"
_LABEL = "|".join(_SPACE.join(map(re.escape, label)) for label in sorted(KNOWN, key=len, reverse=True))
# A label at the start of a line or after a space, in 【】 or followed by a colon (a <dt> may have neither).
_PAIR = re.compile(rf"(?:^|(?<=\s))[【\[]?{_SPACE}(?P<label>{_LABEL}){_SPACE}(?:[】\]]{_SPACE}[:：]?|[:：]|$)")
_MAX_VALUE = 120


def collect_fields(lines: list[str]) -> dict[str, str]:
    """The known label/value pairs in these lines, labels written without spaces (索 引 号 -> 索引号)."""
    fields: dict[str, str] = {}
    pending = ""
    for line in lines:
        line = line.strip()
        pairs = list(_PAIR.finditer(line))
        if pending and line and not (pairs and pairs[0].start() == 0):
            _keep(fields, pending, line)
        pending = ""
        if not pairs or pairs[0].start() != 0:
            continue
        for i, m in enumerate(pairs):
            end = pairs[i + 1].start() if i + 1 < len(pairs) else len(line)
            value = line[m.end() : end].strip()
            if value:
                _keep(fields, m["label"], value)
            elif i + 1 == len(pairs):
                pending = m["label"]
    return fields


def _keep(fields: dict[str, str], label: str, value: str) -> None:
    label = label_of(label)
    if label not in fields and len(value) <= _MAX_VALUE:
        fields[label] = value


def is_field_line(line: str) -> bool:
    """A line that is a known label with or without its value: the table, not the article."""
    m = _PAIR.match(line.strip())
    return m is not None
