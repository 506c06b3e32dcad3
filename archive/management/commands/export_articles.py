"""Write the archive's articles to standard output as JSONL or CSV, with the list page's filters.

The same FilterSet as the list page and the API decides what is exported, so an export of a search
is exactly that search.
"""

from django.core.management.base import BaseCommand

from archive.exports import csv_lines, jsonl_lines
from archive.management.filter_options import add_filter_arguments, filtered_ids


class Command(BaseCommand):
    help = "Export articles as JSONL or CSV to standard output, filtered like the list page."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        add_filter_arguments(parser)

    def handle(self, *args, format="jsonl", **options):
        # Ids first, in the list page's order; then the rows a chunk at a time, so memory stays flat.
        lines = csv_lines if format == "csv" else jsonl_lines
        for line in lines(filtered_ids(options)):
            self.stdout.write(line, ending="")
