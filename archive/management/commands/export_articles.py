"""Write the archive's articles to standard output as JSONL or CSV, with the list page's filters.

The same FilterSet as the list page and the API decides what is exported, so an export of a search
is exactly that search.
"""

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from archive.filters import ArticleFilter
from archive.models import SHANGHAI, Article
from archive.views import article_rows

FIELDS = ["id", "title", "published_at", "author", "source", "section", "urls", "agencies", "campaigns", "body"]


def article_record(article) -> dict:
    copies = list(article.copies.all())
    return {
        "id": article.pk,
        "title": article.title,
        "published_at": article.published_at.astimezone(SHANGHAI).isoformat() if article.published_at else None,
        "author": article.author,
        "source": article.source.name if article.source else "",
        "section": next((c.section for c in copies if c.section), ""),
        "urls": [c.url for c in copies if c.url],
        "agencies": [m.agency.name for m in article.agency_mentions.all()],
        "campaigns": [m.campaign.name for m in article.campaign_mentions.all()],
        "body": article.body,
    }


class Command(BaseCommand):
    help = "Export articles as JSONL or CSV to standard output, filtered like the list page."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--q", default="")
        for name in ("agency", "campaign", "source", "year"):
            parser.add_argument(f"--{name}", action="append", default=[], help="slug; repeat for either")
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
        for key in ("agency", "campaign", "source", "year"):
            data.setlist(key, options[key])
        filterset = ArticleFilter(data, queryset=Article.objects.published())
        if not filterset.is_valid():
            problems = "; ".join(f"--{k.replace('_', '-')}: {' '.join(v)}" for k, v in filterset.errors.items())
            raise CommandError(problems)
        # Ids first, in order; then the rows a chunk at a time, so memory stays flat however many.
        ids = list(filterset.ordered().values_list("pk", flat=True))
        writer = csv.writer(self.stdout) if format == "csv" else None
        if writer:
            writer.writerow(FIELDS)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = {a.pk: a for a in article_rows(Article.objects.filter(pk__in=chunk))}
            for pk in chunk:
                record = article_record(rows[pk])
                if writer:
                    writer.writerow([_cell(record[f]) for f in FIELDS])
                else:
                    self.stdout.write(json.dumps(record, ensure_ascii=False))


def _cell(value):
    if isinstance(value, list):
        value = "; ".join(value)
    value = "" if value is None else str(value)
    # A cell a spreadsheet would run as a formula is written as text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
