"""Bring the token index up to date after the tokenizer or the curated dictionary changed."""

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.models import Article
from archive.search import backend
from archive.search.tokenize import TOKENIZER_VERSION


class Command(BaseCommand):
    help = "Re-tokenize articles indexed by an older tokenizer (or all of them with --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="reindex every article")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--dry-run", action="store_true", help="count what would be reindexed")

    def handle(self, *args, all=False, batch_size=500, dry_run=False, verbosity=1, **options):
        articles = Article.objects.all() if all else Article.objects.exclude(tokenizer_version=TOKENIZER_VERSION)
        ids = list(articles.order_by("pk").values_list("pk", flat=True))
        if dry_run:
            self.stdout.write(f"{len(ids)} articles would be reindexed")
            return
        search = backend()
        for start in range(0, len(ids), batch_size):
            with transaction.atomic():
                search.index(Article.objects.filter(pk__in=ids[start : start + batch_size]).only("title", "body"))
            if verbosity > 1:
                self.stdout.write(f"{min(start + batch_size, len(ids))}/{len(ids)}")
        search.after_bulk_write()
        self.stdout.write(self.style.SUCCESS(f"reindexed {len(ids)} articles (tokenizer version {TOKENIZER_VERSION})"))
