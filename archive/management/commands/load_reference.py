"""Create or update the agencies, campaigns, sources and aliases of archive/fixtures.

The first migration loads them; run this after the fixtures change, then `reindex --all` so that
the archive's articles see the new names. It never deletes what curators added.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.curation.signals import refresh_suspended
from archive.reference import load_reference


class Command(BaseCommand):
    help = "Load or update the reference agencies, campaigns and sources."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic(), refresh_suspended():
            counts = load_reference()
            if dry_run:
                transaction.set_rollback(True)
        self.stdout.write(self.style.SUCCESS(", ".join(f"{n} {k}" for k, n in counts.items())))
