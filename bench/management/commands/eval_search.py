"""Measure search quality: recall and precision per query class against brute-force truth.

Builds (or reuses, with --keep) a separate evaluation database holding the corpus file, draws a
judged query set from it (archive/search/judged.py), runs every query through the archive's own
search and compares with the articles whose normalised text satisfies the query. The archive's
own database is not touched.
"""

import time
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.models import Agency, Alias, Article, Campaign
from archive.search.tokenize import normalise
from bench.corpus import XWLB
from bench.files import var_path, write_json
from bench.judged import build_queries, evaluate

TARGETS = {"substring": (1.0, 1.0), "phrase": (1.0, 1.0)}  # recall, precision; every class: recall >= 0.99


class Command(BaseCommand):
    help = "Recall and precision of search per query class, on a separate evaluation database."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", default=str(XWLB), help="a .jsonl file to evaluate on")
        parser.add_argument("--keep", action="store_true", help="keep the evaluation database for the next run")
        parser.add_argument("--json", dest="json_path", help="write the per-class figures to this file")
        parser.add_argument("--seed", type=int, default=2020)

    def handle(self, *args, corpus, keep, json_path=None, seed=2020, verbosity=1, **options):
        if not Path(corpus).is_file():
            raise CommandError(f"no corpus file at {corpus}")
        old_name = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(var_path("eval.sqlite3"))
        else:
            connection.settings_dict["TEST"]["NAME"] = f"{old_name}_eval"
        # serialize=False: Django would otherwise read a kept archive whole into one string (for
        # tests that roll back by reloading it): at 100,000 articles over 7 minutes and 1 GB
        # before the first request; the million-article run, which reused its archive, peaked at 11.9 GB.
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep, serialize=False)
        try:
            return self.evaluate(corpus, seed, json_path, verbosity)
        finally:
            if not keep:
                connection.creation.destroy_test_db(old_name, verbosity=0)

    def evaluate(self, corpus, seed, json_path, verbosity):
        if not Article.objects.exists():
            started = time.perf_counter()
            call_command("import_articles", corpus, verbosity=0, stdout=StringIO())
            self.stdout.write(f"imported {Article.objects.count()} articles in {time.perf_counter() - started:.0f} s")
        texts = {pk: normalise(f"{t}\n{b}") for pk, t, b in Article.objects.values_list("pk", "title", "body")}
        names = [*Agency.objects.values_list("name", flat=True), *Alias.objects.values_list("name", flat=True)]
        names += list(Campaign.objects.filter(status=Campaign.Status.CONFIRMED).values_list("name", flat=True))
        queries = build_queries(list(texts.values()), sorted(names), seed)

        def search(q):
            return Article.objects.search(q).values_list("pk", flat=True)

        by_kind = evaluate(queries, texts, search)
        if verbosity > 1:
            for judged in queries:
                self.stdout.write(f"  {judged.kind:12} {judged.q}")
        return self.report(by_kind, json_path)

    def report(self, by_kind, json_path):
        rows = {}
        self.stdout.write(f"{'class':12} {'queries':>7} {'recall':>7} {'precision':>9} {'min recall':>10}")
        for kind, scores in by_kind.items():
            recalls, precisions = [r for r, _ in scores], [p for _, p in scores]
            rows[kind] = {
                "queries": len(scores),
                "recall": sum(recalls) / len(scores),
                "precision": sum(precisions) / len(scores),
                "min_recall": min(recalls),
            }
            row = rows[kind]
            self.stdout.write(
                f"{kind:12} {row['queries']:7d} {row['recall']:7.3f} {row['precision']:9.3f} {row['min_recall']:10.3f}"
            )
        self.stdout.write(f"{connection.vendor}: {sum(r['queries'] for r in rows.values())} queries")
        if json_path:
            write_json(json_path, {"backend": connection.vendor, "classes": rows})
