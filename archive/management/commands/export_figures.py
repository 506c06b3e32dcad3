"""Write the archive's figures to standard output as JSONL or CSV: the statistics researchers would
otherwise copy out by hand, each with its article, its metric and its source sentence."""

import csv
import json
import sys

from django.core.management.base import BaseCommand

from archive.exports import csv_cell
from archive.figures import RECORD_FIELDS, Figure, MetricVariant, figure_record
from archive.search.tokenize import normalise

CHUNK = 500


class Command(BaseCommand):
    help = "Export figures (value as an exact decimal string) as JSONL or CSV to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--metric", default="", help="words that must all be in the metric")
        parser.add_argument("--series", default="", help="one series: the metric and its linked wordings")
        parser.add_argument("--year", type=int, action="append", default=[], help="repeat for either")
        parser.add_argument("--include-wrong", action="store_true", help="also figures curators marked wrong")

    def handle(self, *args, format="jsonl", metric="", series="", year=(), include_wrong=False, **options):
        figures = Figure.objects.all() if include_wrong else Figure.objects.kept()
        for word in normalise(metric).split():
            figures = figures.filter(metric__contains=word)
        if series:
            figures = figures.in_series(normalise(series))
        if year:
            figures = figures.filter(year__in=year)
        figures = figures.order_by("article_id", "start", "id").prefetch_related("agencies", "campaigns")
        names = dict(MetricVariant.objects.values_list("name", "series"))
        out = self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout
        writer = csv.writer(out) if format == "csv" else None
        if writer:
            writer.writerow(RECORD_FIELDS)
        count = 0
        for figure in figures.iterator(chunk_size=CHUNK):
            record = figure_record(figure, names)
            if writer:
                writer.writerow([csv_cell(record[name]) for name in RECORD_FIELDS])
            else:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        if options["verbosity"] > 1:
            self.stderr.write(f"{count} figures")
