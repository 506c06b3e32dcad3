"""Score the importer's title, date, address and body on pages it was not tuned to (bench/extraction.py)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.corpus import CORPUS
from bench.extraction import SETS, evaluate, summarise


class Command(BaseCommand):
    help = "Titles, dates, addresses and bodies right, per set of labelled pages."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", default=str(CORPUS))
        parser.add_argument("--pages", default=str(settings.BASE_DIR / "tests" / "pages"))
        parser.add_argument("--set", action="append", choices=list(SETS), help="only this set (repeatable)")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--misses", action="store_true", help="list every page not entirely right")

    def handle(self, *args, corpus, pages, **options):
        corpus, pages = Path(corpus), Path(pages)
        if not corpus.is_dir() or not (pages / "extraction_labels.json").is_file():
            raise CommandError(f"need the corpus at {corpus} and {pages / 'extraction_labels.json'}")
        outcomes = evaluate(corpus, pages, options["set"] or SETS)
        figures = summarise(outcomes)
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=1, ensure_ascii=False))
            return
        self.stdout.write(f"{'set':<24} {'pages':>5} {'title':>7} {'date':>7} {'url':>7} {'body F1':>11} {'clean':>7}")
        for name, f in figures.items():
            f1 = f"{f['body_f1_mean']:.3f}/{f['body_f1_min']:.3f}" if f["body_f1_mean"] is not None else "-"
            url = "{}/{}".format(*f["url"]) if f["url"][1] else "-"
            clean = "{}/{}".format(*f["body_clean"]) if f["body_clean"][1] else "-"
            self.stdout.write(
                f"{name:<24} {f['cases']:>5} {f['title']:>7} {f['date']:>7} {url:>7} {f1:>11} {clean:>7}"
                + (f"  ({f['rejected']} rejected)" if f["rejected"] else "")
            )
        self.stdout.write("title, date: pages right; url: right/stated; body F1: mean/worst; clean: right/checked")
        if options["misses"]:
            for outcome in outcomes:
                if outcome.error or outcome.misses:
                    wrong = outcome.error or "; ".join(outcome.misses)
                    self.stdout.write(f"{outcome.case.set} | {outcome.case.name}: {wrong}")
