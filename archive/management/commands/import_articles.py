"""Import saved pages (.html/.htm in any encoding, .txt page dumps, .jsonl records) into the archive.

Each file is written in one transaction: a file that fails writes nothing, and the run goes on with
the next one. Prints one line per file and a summary; exits 1 when any file was rejected.
"""

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from archive.ingest.bulk import import_pages
from archive.ingest.names import current_name_table
from archive.ingest.page import Rejected
from archive.ingest.read import find_files, read_file
from archive.ingest.save import Outcome, describe
from archive.search import backend


class Command(BaseCommand):
    help = "Import pages and records from files or folders."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders (searched recursively)")
        parser.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")
        parser.add_argument("--max-bytes", type=int, default=settings.ARCHIVE_MAX_FILE_BYTES)
        parser.add_argument("--workers", type=int, help="processes that segment text (default: every core)")

    @translation.override("en")  # the command line speaks English, whatever the interface's language
    def handle(self, *args, paths=(), dry_run=False, max_bytes=None, workers=None, verbosity=1, **options):
        table = current_name_table()
        totals = Counter()
        progress = Progress(self.stderr, enabled=self.stderr.isatty() and verbosity > 0)
        for path in find_files(paths):
            try:
                counts = self.import_file(path, table, max_bytes, dry_run, progress, workers)
            except Rejected as reason:
                totals[Outcome.REJECTED] += 1
                self.stdout.write(f"{path}: {self.style.ERROR('rejected')}: {reason}")
                continue
            totals.update(counts)
            if verbosity > 0:
                self.stdout.write(f"{path}: {describe(counts)}")
        progress.done()
        if not dry_run and (totals[Outcome.CREATED] or totals[Outcome.UPDATED]):
            backend().after_bulk_write()
        summary = f"{'dry run, nothing written: ' if dry_run else ''}{describe(totals) or 'no files'}"
        if totals[Outcome.REJECTED]:
            raise CommandError(summary, returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))

    def import_file(self, path, table, max_bytes, dry_run, progress, workers):
        pages = read_file(path, max_bytes)
        try:
            with transaction.atomic():
                counts = import_pages(pages, table, str(path), workers, progress)
                if dry_run:
                    transaction.set_rollback(True)
        except Exception as error:  # nothing of this file was written; say why and go on
            raise Rejected(f"{type(error).__name__}: {error}") from error
        return counts


class Progress:
    """A counter on the terminal, rewritten in place; silent when output goes to a pipe or file."""

    def __init__(self, stream, enabled):
        self.stream, self.enabled, self.count = stream, enabled, 0

    def step(self, label):
        label = Path(label).name
        self.count += 1
        if self.enabled and self.count % 100 == 0:
            self.stream.write(f"\r{self.count} records… {label[:40]}", ending="")
            self.stream.flush()

    def done(self):
        if self.enabled and self.count >= 100:
            self.stream.write("\r" + " " * 60 + "\r", ending="")
