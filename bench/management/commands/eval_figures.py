"""Measure the figure extractor against the hand-labelled figures (tests/figure_labels.json)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.corpus import CORPUS
from bench.figure_eval import FIELDS, evaluate, load_articles


class Command(BaseCommand):
    help = "Precision and recall of value, unit, qualifier and metric on the hand-labelled figures."

    def add_arguments(self, parser):
        parser.add_argument("--labels", default=str(settings.BASE_DIR / "tests" / "figure_labels.json"))
        parser.add_argument("--corpus", default=str(CORPUS))
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--misses", action="store_true", help="list every figure not entirely right")

    def handle(self, *args, labels, corpus, **options):
        labels, corpus = Path(labels), Path(corpus)
        if not labels.is_file() or not corpus.is_dir():
            raise CommandError(f"need {labels} and the corpus at {corpus}")
        articles = list(load_articles(labels, corpus))
        score = evaluate(articles)
        result = {
            "articles": len(articles),
            "labelled": score.labelled,
            "extracted": score.extracted,
            **{name: {"precision": score.precision(name), "recall": score.recall(name)} for name in FIELDS},
            "metric_within_two_characters": score.near_metric / score.labelled if score.labelled else 1.0,
            "metric_empty": score.extracted - score.metric_given,
            "metric_precision_given": score.metric_precision_given(),
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=1))
            return
        self.stdout.write(f"{len(articles)} articles, {score.labelled} labelled figures, {score.extracted} extracted")
        self.stdout.write(f"{'field':<10} {'precision':>9} {'recall':>7}")
        for name in FIELDS:
            self.stdout.write(f"{name:<10} {score.precision(name):>9.3f} {score.recall(name):>7.3f}")
        self.stdout.write(f"metric equal or within two characters: {result['metric_within_two_characters']:.3f}")
        self.stdout.write(
            f"metric left empty: {result['metric_empty']} of {score.extracted}; "
            f"precision of the metrics given: {result['metric_precision_given']:.3f}"
        )
        if options["misses"]:
            for name, label, found in score.misses:
                got = f"{found.text} {found.value} {found.unit} {found.qualifier} {found.metric}" if found else "-"
                want = (
                    f"{label['text']} {label['value']} {label['unit']} {label['qualifier']} {label['metric']}"
                    if label
                    else "-"
                )
                self.stdout.write(f"{name}: want {want} | got {got}")
