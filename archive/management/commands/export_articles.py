"""Write the archive's articles to standard output as JSONL or CSV, with the list page's filters.

The same FilterSet as the list page and the API decides what is exported, so an export of a search
is exactly that search.
"""

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from archive.exports import csv_lines, jsonl_lines
from archive.filters import ArticleFilter
from archive.models import Article


class Command(BaseCommand):
    help = "Export articles as JSONL or CSV to standard output, filtered like the list page."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--q", default="")
        for name in ("agency", "campaign", "source", "year", "issuer"):
            parser.add_argument(f"--{name}", action="append", default=[], help="slug; repeat for either")
        parser.add_argument("--doc-type", dest="doc_type", action="append", default=[], help="文种; repeat for either")
        parser.add_argument(
            "--validity",
            action="append",
            default=[],
            help="in_force, amended, repealed, expired or unknown; repeat for either",
        )
        parser.add_argument("--date-from", dest="date_from", default="")
        parser.add_argument("--date-to", dest="date_to", default="")
        parser.add_argument("--sort", default="oldest", choices=["relevance", "newest", "oldest"])
        parser.add_argument("--predecessors", action="store_true", help="--agency includes the agencies it succeeded")

    def handle(self, *args, format="jsonl", **options):
        data = QueryDict(mutable=True)
        for key in ("q", "date_from", "date_to", "sort"):
            if options[key]:
                data[key] = options[key]
        if options["predecessors"]:
            data["predecessors"] = "1"
        for key in ("agency", "campaign", "source", "year", "issuer", "doc_type", "validity"):
            data.setlist(key, options[key])
        filterset = ArticleFilter(data, queryset=Article.objects.published())
        if not filterset.is_valid():
            problems = "; ".join(f"--{k.replace('_', '-')}: {' '.join(v)}" for k, v in filterset.errors.items())
            raise CommandError(problems)
        # Ids first, in the list page's order; then the rows a chunk at a time, so memory stays flat.
        lines = csv_lines if format == "csv" else jsonl_lines
        for line in lines(filterset.ids()):
            self.stdout.write(line, ending="")
