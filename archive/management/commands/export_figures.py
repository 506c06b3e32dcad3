"""Write the archive's figures to standard output as JSONL or CSV: the statistics researchers would
otherwise copy out by hand, each with its article, its metric and its source sentence. The same
FilterSet and records as /figures.csv."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from archive.exports import csv_cell
from archive.figures.exports import FIELDS, NUMERIC, figure_record, figures_in_order
from archive.figures.filters import FigureFilter
from archive.figures.models import Figure


class Command(BaseCommand):
    help = "Export figures (value as an exact decimal string) as JSONL or CSV to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--metric", default="", help="words that must all be in the metric")
        parser.add_argument("--series", default="", help="one series: the metric and its linked wordings")
        parser.add_argument("--unit", default="")
        for name in ("agency", "campaign", "year"):
            parser.add_argument(f"--{name}", action="append", default=[], help="repeat for either")
        parser.add_argument("--sort", default="newest", choices=["newest", "value", "-value", "year"])
        parser.add_argument("--base-url", default="", help="prefix of the article URLs, e.g. https://archive.example")
        parser.add_argument("--include-wrong", action="store_true", help="also figures curators marked wrong")

    def handle(self, *args, format="jsonl", include_wrong=False, base_url="", **options):
        data = QueryDict(mutable=True)
        for key, name in (("q", "metric"), ("series", "series"), ("unit", "unit"), ("sort", "sort")):
            if options[name]:
                data[key] = options[name]
        for name in ("agency", "campaign", "year"):
            data.setlist(name, options[name])
        figures = Figure.objects.filter(article__status="published") if include_wrong else Figure.objects.kept()
        filterset = FigureFilter(data, queryset=figures)
        if not filterset.is_valid():
            raise CommandError("; ".join(f"--{k}: {' '.join(v)}" for k, v in filterset.errors.items()))
        ids = filterset.ids()
        out = getattr(self.stdout, "_out", sys.stdout)
        writer = None
        if format == "csv":
            import csv

            writer = csv.writer(out)
            writer.writerow(FIELDS)
        for figure in figures_in_order(ids):
            record = figure_record(figure, lambda path: f"{base_url.rstrip('/')}{path}")
            if writer:
                writer.writerow([record[f] if f in NUMERIC else csv_cell(record[f]) for f in FIELDS])
            else:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if options["verbosity"] > 1:
            self.stderr.write(f"{len(ids)} figures")
