"""How well the figure extractor does against figures labelled by hand (tests/figure_labels.json).

The labelled articles are read from ../shared/corpus through the importer's own parsers (their
text is not ours to commit), their figures extracted, and each labelled figure paired with the
extracted figure whose words overlap it. Precision of a field: extracted figures with the field
right over all extracted figures; recall: labelled figures with the field right over all labelled.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from archive.figures.extract import extract_figures
from archive.ingest.read import page_from_record, read_bytes

FIELDS = ["value", "unit", "qualifier", "metric"]


@dataclass
class Score:
    extracted: int = 0
    labelled: int = 0
    right: dict = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    near_metric: int = 0  # metric equal, or one inside the other within two characters
    metric_given: int = 0  # extracted figures with a metric: an empty one is left to a curator
    misses: list = field(default_factory=list)  # (article, labelled, extracted or None)

    def precision(self, name):
        return self.right[name] / self.extracted if self.extracted else 1.0

    def recall(self, name):
        return self.right[name] / self.labelled if self.labelled else 1.0

    def metric_precision_given(self):
        """Of the metrics the extractor gave (not empty), the share exactly as labelled: what a
        reader of the figures pages sees right."""
        return self.right["metric"] / self.metric_given if self.metric_given else 1.0


def load_articles(labels_path: Path, corpus: Path):
    """(name, page, labelled figures) for each labelled article."""
    labels = json.loads(labels_path.read_text())
    wanted = {(a["date"], a["seq"]) for a in labels["articles"] if a["source"] == "xwlb"}
    items = {}
    with open(corpus / "xin-wen-lian-bo" / "xwlb_2020_2021_items.jsonl", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if (record["date"], record["seq"]) in wanted:
                items[(record["date"], record["seq"])] = record
    for article in labels["articles"]:
        if article["source"] == "seed":
            seed = next((corpus / "seed").glob("*.txt"))
            page = read_bytes(seed.read_bytes(), "text")[0][0]
            name = "seed"
        else:
            page = page_from_record(items[(article["date"], article["seq"])])
            name = f"xwlb {article['date']} #{article['seq']}"
        yield name, page, article["figures"]


def place(body: str, labelled: list[dict]) -> list[tuple[int, int]]:
    """Where each labelled figure is: its words, searched in order from the last one's place."""
    spans, at = [], 0
    for figure in labelled:
        start = body.find(figure["text"], at)
        if start < 0:
            start = body.find(figure["text"])
        spans.append((start, start + len(figure["text"])) if start >= 0 else (-1, -1))
        at = max(at, start + 1) if start >= 0 else at
    return spans


def evaluate(articles) -> Score:
    score = Score()
    for name, page, labelled in articles:
        found = extract_figures(page.body, page.local_date)
        score.extracted += len(found)
        score.metric_given += sum(1 for f in found if f.metric)
        score.labelled += len(labelled)
        free = list(found)
        for label, (start, end) in zip(labelled, place(page.body, labelled), strict=True):
            match = next((f for f in free if f.start < end and start < f.end), None)
            if match is None:
                score.misses.append((name, label, None))
                continue
            free.remove(match)
            right = {
                "value": match.value == Decimal(label["value"]),
                "unit": match.unit == label["unit"],
                "qualifier": match.qualifier == label["qualifier"],
                "metric": match.metric == label["metric"],
            }
            for key, ok in right.items():
                score.right[key] += ok
            score.near_metric += right["metric"] or _near(match.metric, label["metric"])
            if not all(right.values()):
                score.misses.append((name, label, match))
        score.misses.extend((name, None, f) for f in free)
    return score


def _near(a: str, b: str) -> bool:
    return bool(a and b) and (a in b or b in a) and abs(len(a) - len(b)) <= 2
