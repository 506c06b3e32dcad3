"""Bring the token index up to date after the tokenizer or the curated dictionary changed."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.ingest.bulk import parallel_map
from archive.models import Article
from archive.search import backend
from archive.search.tokenize import TOKENIZER_VERSION


class Command(BaseCommand):
    help = "Re-tokenize articles indexed by an older tokenizer (or all of them with --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="reindex every article")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--workers", type=int, help="processes that segment text (default: every core)")
        parser.add_argument("--dry-run", action="store_true", help="count what would be reindexed")

    def handle(self, *args, all=False, batch_size=2000, dry_run=False, workers=None, verbosity=1, **options):
        articles = Article.objects.all() if all else Article.objects.exclude(tokenizer_version=TOKENIZER_VERSION)
        ids = list(articles.order_by("pk").values_list("pk", flat=True))
        if dry_run:
            self.stdout.write(f"{len(ids)} articles would be reindexed")
            return
        search, started, size = backend(), time.perf_counter(), 0
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            texts = list(Article.objects.filter(pk__in=chunk).values_list("pk", "title", "body"))
            size += sum(len(title.encode()) + len(body.encode()) for _, title, body in texts)
            rows = [
                (pk, *tokens) for (pk, _, _), tokens in zip(texts, parallel_map(_tokens, texts, workers), strict=True)
            ]
            with transaction.atomic():
                search.write_rows(rows)
                Article.objects.filter(pk__in=chunk).update(tokenizer_version=TOKENIZER_VERSION)
            if verbosity > 1:
                self.stdout.write(f"{min(start + batch_size, len(ids))}/{len(ids)}")
        search.after_bulk_write()
        seconds = time.perf_counter() - started
        if ids and verbosity > 0:
            self.stdout.write(f"{size / 1e6:.1f} MB in {seconds:.1f} s ({size / 1e6 / seconds:.2f} MB/s)")
        self.stdout.write(self.style.SUCCESS(f"reindexed {len(ids)} articles (tokenizer version {TOKENIZER_VERSION})"))


def _tokens(row):
    _, title, body = row
    return backend().document(title, body)
