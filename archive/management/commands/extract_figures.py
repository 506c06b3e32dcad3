"""Extract the figures of articles already in the archive: after an upgrade that brings figures
or a better extractor. Curators' decisions stay (archive/figures/store.py, replace)."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.figures import store
from archive.figures.extract import extract_figures
from archive.figures.models import Figure
from archive.ingest.bulk import parallel_map
from archive.ingest.names import current_name_table
from archive.models import Article

BATCH = 500
_table = None


def _extract(item):
    pk, body, published_at = item
    return pk, extract_figures(body, Article(published_at=published_at).local_date, _table)


class Command(BaseCommand):
    help = "Extract every article's figures again (on every core), keeping curators' decisions."

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="only articles that have no figures yet")
        parser.add_argument("--dry-run", action="store_true", help="extract and count, write nothing")

    def handle(self, *args, missing, dry_run, **options):
        global _table
        _table = current_name_table()
        started = time.perf_counter()
        articles = Article.objects.order_by("pk")
        if missing:
            articles = articles.exclude(pk__in=Figure.objects.values("article"))
        ids = list(articles.values_list("pk", flat=True))
        found = 0
        for start in range(0, len(ids), BATCH):
            chunk = list(
                Article.objects.filter(pk__in=ids[start : start + BATCH]).values_list("pk", "body", "published_at")
            )
            results = list(parallel_map(_extract, chunk))
            found += sum(len(f) for _, f in results)
            if dry_run:
                continue
            with transaction.atomic():
                for pk, extracted in results:
                    store.replace(Article(pk=pk), extracted)
            if options["verbosity"] > 1:
                self.stdout.write(f"{start + len(chunk)} / {len(ids)} articles")
        seconds = time.perf_counter() - started
        verb = "would extract" if dry_run else "extracted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {found} figures from {len(ids)} articles in {seconds:.1f} s"))
