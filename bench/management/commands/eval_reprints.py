"""Measure near-duplicate detection (archive/reprints.py) on a labelled set of pairs.

Negatives: 300 pairs of xin-wen-lian-bo items labelled by hand in reprint_pairs.json (different
announcements written from one template: the hardest cases in the corpus, the pairs of highest
shingle overlap). Positives: for each of the 60 items listed there, the edits that reprints make
on the way down to provincial and county sites, applied to the item's text:
  truncate   only the first 55-85 % of the sentences
  chrome     a source line before, an editor's line and "print / close" after
  reword     two sentences cut short
  drop       a run of sentences (a fifth) taken out of the middle
  all        truncate to 70 %, one sentence cut short, source and editor lines
A pair counts as found when the two texts share an LSH band and their estimated resemblance
reaches the threshold: the same test the importer applies.
"""

import json
import random
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.reprints import families as reprints
from bench.corpus import XWLB
from bench.files import write_json

LABELS = Path(__file__).resolve().parents[2] / "reprint_pairs.json"
EDITS = ("truncate", "chrome", "reword", "drop", "all")
SWEEP = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


def edited(body: str, kind: str, rng: random.Random) -> str:
    lines = reprints.sentences(body)
    if kind == "truncate":
        lines = lines[: max(2, int(len(lines) * rng.uniform(0.55, 0.85)))]
    elif kind == "chrome":
        lines = ["来源：人民日报", *lines, "责任编辑：王明", "【打印本页】【关闭窗口】"]
    elif kind == "reword":
        for _ in range(2):
            i = rng.randrange(len(lines))
            lines[i] = lines[i][: len(lines[i]) // 2] + "。"
    elif kind == "drop":
        i = rng.randrange(1, len(lines) - 1)
        del lines[i : i + max(1, len(lines) // 5)]
    elif kind == "all":
        lines = lines[: max(2, int(len(lines) * 0.7))]
        i = rng.randrange(len(lines))
        lines[i] = lines[i][: len(lines[i]) // 2] + "。"
        lines = ["来源：新华社", *lines, "责任编辑：李华"]
    return "".join(lines)


def labelled_pairs(corpus: Path):
    """(title_a, body_a, title_b, body_b, label, kind) for every labelled pair."""
    items = {}
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            items[item["url"]] = item
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    rng = random.Random(7)
    pairs = []
    for url in labels["positives"]:
        item = items[url]
        for kind in EDITS:
            pairs.append((item["title"], item["body"], item["title"], edited(item["body"], kind, rng), 1, kind))
    for pair in labels["negatives"]:
        a, b = items[pair["a"]], items[pair["b"]]
        pairs.append((a["title"], a["body"], b["title"], b["body"], 0, pair["note"]))
    return pairs


def scores(pairs):
    """(label, kind, shares a band, resemblance) per pair."""
    out = []
    for title_a, body_a, title_b, body_b, label, kind in pairs:
        a, b = reprints.signature(title_a, body_a), reprints.signature(title_b, body_b)
        shared = bool(set(reprints.band_keys(a[0])) & set(reprints.band_keys(b[0])))
        out.append((label, kind, shared, reprints.resemblance(a, b)))
    return out


def measure(scored, threshold):
    found = [(label, kind) for label, kind, shared, score in scored if shared and score >= threshold]
    positives = sum(1 for label, *_ in scored if label)
    tp = sum(1 for label, _ in found if label)
    return {
        "threshold": threshold,
        "precision": round(tp / len(found), 3) if found else 1.0,
        "recall": round(tp / positives, 3) if positives else 1.0,
        "false_positives": len(found) - tp,
        "missed": positives - tp,
    }


class Command(BaseCommand):
    help = "Precision and recall of reprint detection on the labelled pairs, over a sweep of thresholds."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", default=str(XWLB))
        parser.add_argument("--json", dest="json_path", help="write the figures to this file")

    def handle(self, *args, corpus, json_path=None, **options):
        corpus = Path(corpus)
        if not corpus.is_file():
            raise CommandError(f"no corpus file at {corpus}")
        scored = scores(labelled_pairs(corpus))
        n_pos = sum(1 for s in scored if s[0])
        self.stdout.write(
            f"{len(scored)} pairs: {n_pos} reprints, {len(scored) - n_pos} different texts; "
            f"shingles of {reprints.SHINGLE} characters, {reprints.BANDS} bands of {reprints.ROWS}"
        )
        self.stdout.write("threshold  precision  recall  false+  missed")
        sweep = [measure(scored, t) for t in sorted({*SWEEP, reprints.THRESHOLD})]
        for row in sweep:
            mark = "  <- in use" if row["threshold"] == reprints.THRESHOLD else ""
            self.stdout.write(
                f"{row['threshold']:>9}  {row['precision']:>9.3f}  {row['recall']:>6.3f}  "
                f"{row['false_positives']:>6}  {row['missed']:>6}{mark}"
            )
        by_kind = {}
        for kind in EDITS:
            rows = [s for s in scored if s[0] and s[1] == kind]
            by_kind[kind] = round(sum(1 for s in rows if s[2] and s[3] >= reprints.THRESHOLD) / len(rows), 3)
        self.stdout.write("recall by edit: " + ", ".join(f"{k} {v}" for k, v in by_kind.items()))
        if json_path:
            figures = {"shingle": reprints.SHINGLE, "threshold": reprints.THRESHOLD, "sweep": sweep}
            write_json(json_path, {**figures, "recall_by_edit": by_kind})
