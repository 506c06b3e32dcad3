"""How well the document reader does against documents labelled by hand (tests/document_labels.json).

Each labelled document is read through the importer's own parsers from where it lives: a ZhouYNF
gov.cn record, a page or LawRefBook rule in ../shared/corpus (read in place: its text is not ours to
commit), a 新闻联播 item, or a page written for the project in tests/pages/documents/. The reader's
record is compared field by field with the label. Precision of a field: documents where the reader
gave a value and it is the labelled one, over documents where it gave a value; recall: the same
over documents whose label has a value. Numbers compare by number_key (every written form of one
number is that number), issuers as a set of canonical names. Citations: every labelled reference
with a target (a document of the set) should resolve to it, through references.resolve with the
set's own numbers and titles; precision is over the references the reader resolved.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from archive.documents.numbers import number_key
from archive.documents.read import read_document
from archive.documents.references import normalise_title, resolve
from archive.ingest.read import page_from_record, read_bytes

FIELDS = [
    "document",
    "number",
    "issuers",
    "written_date",
    "effective_date",
    "expires_on",
    "doc_type",
    "enclosed_title",
    "validity",
]
PAGES = Path(__file__).resolve().parents[1] / "tests" / "pages" / "documents"


@dataclass
class Reading:
    """One labelled document as read: the label, its page's title and the reader's record (or None)."""

    label: dict
    title: str
    record: object


@dataclass
class Score:
    given: dict = field(default_factory=lambda: dict.fromkeys(FIELDS + ["citations"], 0))
    labelled: dict = field(default_factory=lambda: dict.fromkeys(FIELDS + ["citations"], 0))
    right: dict = field(default_factory=lambda: dict.fromkeys(FIELDS + ["citations"], 0))
    found: int = 0  # labelled citations resolved to their target
    documents: int = 0
    misses: list = field(default_factory=list)  # (id, field, wanted, got)

    def precision(self, name):
        return self.right[name] / self.given[name] if self.given[name] else 1.0

    def recall(self, name):
        right = self.found if name == "citations" else self.right[name]
        return right / self.labelled[name] if self.labelled[name] else 1.0

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            **{
                name: {
                    "precision": round(self.precision(name), 4),
                    "recall": round(self.recall(name), 4),
                    "labelled": self.labelled[name],
                    "given": self.given[name],
                }
                for name in FIELDS + ["citations"]
            },
        }


def _markdown(path: Path) -> tuple[str, str]:
    """A LawRefBook rule: its '# ' heading is the title, the rest (head note and articles) the body."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = next((line[2:].strip() for line in lines if line.startswith("# ")), path.stem)
    body = [line.lstrip("# ").strip() for line in lines if not line.startswith("# ") and "INFO END" not in line]
    return title, "\n".join(line for line in body if line)


def _xwlb(corpus: Path, wanted: set) -> dict:
    items = {}
    if not wanted:
        return items
    with open(corpus / "xin-wen-lian-bo" / "xwlb_2020_2021_items.jsonl", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if (record["date"], record["seq"]) in wanted:
                items[(record["date"], record["seq"])] = record
    return items


def _zhouynf(corpus: Path) -> dict:
    path = corpus / "ZhouYNF-platform-1" / "gov_cn_policy_raw_2018_2019.jsonl"
    return {record["id"]: record for record in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def load(labels_path: Path, corpus: Path, pages: Path = PAGES):
    """(label, title, body, fields, published) for each labelled document, read where it lives."""
    labels = json.loads(labels_path.read_text(encoding="utf-8"))["documents"]
    wanted = {(s["date"], s["seq"]) for s in (d["source"] for d in labels) if s["kind"] == "xwlb"}
    items, records = _xwlb(corpus, wanted), None
    for label in labels:
        source = label["source"]
        kind = source["kind"]
        if kind == "lawrefbook":
            title, body = _markdown(corpus / source["path"])
            yield label, title, body, {}, None
            continue
        if kind == "zhouynf":
            records = records or _zhouynf(corpus)
            page = page_from_record(records[source["record"]])
        elif kind == "xwlb":
            page = page_from_record(items[(source["date"], source["seq"])])
        else:
            path = (pages / source["file"]) if kind == "written" else (corpus / source["path"])
            page = read_bytes(path.read_bytes(), "text" if path.suffix == ".txt" else "html")[0][0]
        yield label, page.title, page.body, page.fields, page.local_date


def read_all(documents, agencies: dict[str, str], tables: bool = True) -> list[Reading]:
    """The reader's record of each document; without tables, from the text alone (no metadata table)."""
    return [
        Reading(label, title, read_document(title, body, fields if tables else {}, published, agencies))
        for label, title, body, fields, published in documents
    ]


def targets(readings: list[Reading]) -> tuple[dict, dict, dict]:
    """The set's own documents by number key and by normalised title (and an 印发 notice's
    enclosure), and their dates as read (成文日期, else 发布日期)."""
    by_number, by_title, dates = {}, {}, {}
    for reading in readings:
        label = reading.label
        if not label.get("document"):
            continue
        if reading.record is not None and _dated(reading.record):
            dates[label["id"]] = _dated(reading.record)
        if label.get("number"):
            by_number[number_key(label["number"])] = label["id"]
        for title in (reading.title, label.get("enclosed_title", "")):
            if title:
                by_title[normalise_title(title)] = label["id"]
    return by_number, by_title, dates


def _dated(record):
    """A document's 成文日期, as the store takes it (a 施行日期 is no guide: a revised rule keeps its
    first one in some sources)."""
    return record.written_date


def _value(record, name):
    if name == "document":
        return record is not None
    if record is None:
        return None
    value = getattr(record, name)
    if name == "issuers":
        return frozenset(value) or None
    if isinstance(value, date):
        return value.isoformat()
    return value or None


def _wanted(label, name):
    if name == "document":
        return bool(label.get("document"))
    value = label.get(name) if label.get("document") else None
    if name == "issuers":
        return frozenset(value or ()) or None
    return value or None


def _same(name, wanted, got) -> bool:
    if name == "number":
        return number_key(wanted) == number_key(got) != ""
    return wanted == got


def evaluate(readings: list[Reading], whole: list[Reading] | None = None) -> Score:
    """The scores over readings; citations resolve among the whole labelled set (whole, else readings)."""
    score = Score()
    by_number, by_title, dates = targets(whole if whole is not None else readings)
    for reading in readings:
        label, record = reading.label, reading.record
        score.documents += 1
        for name in FIELDS:
            wanted, got = _wanted(label, name), _value(record, name)
            if name == "document":
                score.labelled[name] += wanted
                score.given[name] += got
                score.right[name] += wanted and got
                if wanted != got:
                    score.misses.append((label["id"], name, wanted, got))
                continue
            score.labelled[name] += wanted is not None
            score.given[name] += got is not None
            if got is not None and wanted is not None and _same(name, wanted, got):
                score.right[name] += 1
            elif wanted is not None or got is not None:
                score.misses.append((label["id"], name, wanted, got))
        _citations(score, label, record, (by_number, by_title, dates))
    return score


def _citations(score: Score, label: dict, record, index: tuple) -> None:
    """Labelled references with a target must resolve to it; a resolved reference must be labelled."""
    if not label.get("document") or label.get("references") is None:
        return
    expected = {}
    for ref in label["references"]:
        if ref.get("target"):
            expected[ref["target"]] = ref
    score.labelled["citations"] += len(expected)
    got = set()
    if record is not None:
        resolved = resolve(record.references, *index, written=_dated(record))
        for ref, target in zip(record.references, resolved, strict=True):
            if target is None or target == label["id"] or target in got:
                continue
            got.add(target)
            score.given["citations"] += 1
            if target in expected:
                score.right["citations"] += 1
            else:
                score.misses.append((label["id"], "citations", None, f"{ref.title} {ref.number} -> {target}"))
    for target, ref in expected.items():
        if target in got:
            score.found += 1
        else:
            score.misses.append((label["id"], "citations", f"{ref.get('title', '')} {ref.get('number', '')}", None))


def by_set(readings: list[Reading]) -> dict[str, list[Reading]]:
    """The readings of each set; resolution still uses the whole labelled set's documents."""
    groups = defaultdict(list)
    for reading in readings:
        groups[reading.label["set"]].append(reading)
    return dict(groups)
