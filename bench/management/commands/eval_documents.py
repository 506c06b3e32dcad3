"""Measure the document reader against the hand-labelled documents (tests/document_labels.json)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ingest.names import current_name_table
from bench.corpus import CORPUS
from bench.document_eval import FIELDS, by_set, evaluate, load, read_all


class Command(BaseCommand):
    help = "Precision and recall of each field of a document's record, overall and per labelled set."

    def add_arguments(self, parser):
        parser.add_argument("--labels", default=str(settings.BASE_DIR / "tests" / "document_labels.json"))
        parser.add_argument("--corpus", default=str(CORPUS))
        parser.add_argument("--set", dest="only", action="append", help="only this set (repeatable)")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--misses", action="store_true", help="list every field not as labelled")
        parser.add_argument(
            "--without-tables", action="store_true", help="read the text alone, as if no page had a metadata table"
        )

    def handle(self, *args, labels, corpus, only, **options):
        labels, corpus = Path(labels), Path(corpus)
        if not labels.is_file() or not corpus.is_dir():
            raise CommandError(f"need {labels} and the corpus at {corpus}")
        readings = read_all(load(labels, corpus), current_name_table().agencies, tables=not options["without_tables"])
        groups = by_set(readings)
        if only:
            unknown = set(only) - set(groups)
            if unknown:
                raise CommandError(f"no such set: {', '.join(sorted(unknown))} (sets: {', '.join(sorted(groups))})")
            chosen = [r for r in readings if r.label["set"] in only]
        else:
            chosen = readings
        overall = evaluate(chosen, readings)
        sets = {name: evaluate(group, readings) for name, group in sorted(groups.items()) if not only or name in only}
        if options["json"]:
            result = {"overall": overall.as_dict(), "sets": {name: s.as_dict() for name, s in sets.items()}}
            self.stdout.write(json.dumps(result, indent=1, ensure_ascii=False))
            return
        self.stdout.write(
            f"{overall.documents} documents labelled ({', '.join(f'{n} {s.documents}' for n, s in sets.items())})"
        )
        self.stdout.write(f"{'field':<15} {'set':<9} {'precision':>9} {'recall':>7} {'labelled':>8}")
        for name in FIELDS + ["citations"]:
            for set_name, score in [("all", overall), *sets.items()]:
                self.stdout.write(
                    f"{name:<15} {set_name:<9} {score.precision(name):>9.3f} {score.recall(name):>7.3f} "
                    f"{score.labelled[name]:>8}"
                )
        if options["misses"]:
            for doc, name, wanted, got in overall.misses:
                self.stdout.write(f"{doc} {name}: want {_show(wanted)} | got {_show(got)}")


def _show(value):
    if isinstance(value, frozenset):
        return "、".join(sorted(value))
    return "-" if value is None else str(value)
