"""Import saved pages (.html/.htm in any encoding, .txt page dumps, .jsonl records, .warc/.warc.gz/.wacz
captures) into the archive.

Each file is written in one transaction: a file that fails writes nothing, and the run goes on with
the next one. Prints one line per file (a rejected one at every verbosity, with its reason; with -v 2
also each file a folder held in no importable format) and a summary that counts files imported,
rejected (why) and skipped (by extension), and the records created, updated, unchanged and reprinted.
Exits 1 when any file was rejected.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from archive.captures.capture import Originals
from archive.ingest.bulk import import_file
from archive.ingest.names import current_name_table
from archive.ingest.page import Rejected
from archive.ingest.read import FORMATS, find_files, read_file
from archive.ingest.save import Outcome, describe
from archive.ingest.warc import describe_skipped
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
        files, skipped = find_files(paths)
        tally = Tally(skipped=Counter(p.suffix.lower() or "no extension" for p in skipped))
        if verbosity > 1:
            formats = ", ".join(FORMATS)
            for path in skipped:
                self.stdout.write(f"{path}: skipped: {path.suffix or 'no extension'} is not one of {formats}")
        progress = Progress(self.stderr, enabled=self.stderr.isatty() and verbosity > 0)
        for path in files:
            try:
                counts, skipped_records = self.import_file(path, table, max_bytes, dry_run, progress, workers)
            except Rejected as reason:
                tally.reasons[str(reason)] += 1
                self.stdout.write(f"{path}: {self.style.ERROR('rejected')}: {reason}")
                continue
            tally.imported += 1
            tally.records.update(counts)
            if verbosity > 0:
                # A WARC's records that were not pages (404s, images, requests ...), in the file's line.
                also = f"; {describe_skipped(skipped_records)}" if skipped_records else ""
                self.stdout.write(f"{path}: {describe(counts)}{also}")
        progress.done()
        if not dry_run and (tally.records[Outcome.CREATED] or tally.records[Outcome.UPDATED]):
            backend().after_bulk_write()
        summary = f"{'dry run, nothing written: ' if dry_run else ''}{tally.summary()}"
        if tally.reasons:
            raise CommandError(summary, returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))

    def import_file(self, path, table, max_bytes, dry_run, progress, workers):
        originals = Originals()
        pages = read_file(path, max_bytes, originals)
        try:
            # The file's name, not this machine's path to it: the copy shows where it came from.
            counts = import_file(pages, table, path.name, originals, workers, progress, dry_run)
        except Exception as error:  # nothing of this file was written; say why and go on
            raise Rejected(f"{type(error).__name__}: {error}") from error
        return counts, originals.skipped


def _files(n: int) -> str:
    return f"{n} file{'' if n == 1 else 's'}"


@dataclass
class Tally:
    """What became of a run: files imported, rejected (by reason) and skipped (by extension), and the
    outcomes of the imported files' records."""

    imported: int = 0
    reasons: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    records: Counter = field(default_factory=Counter)
    REASONS_SHOWN = 3

    def summary(self) -> str:
        """ "2 files: 1 imported, 1 rejected (empty file), 3 skipped (2 .md, 1 .bin: not an importable
        format); 1 created, 0 updated, 0 unchanged, 0 reprint"."""
        rejected = sum(self.reasons.values())
        parts = [f"{self.imported} imported"]
        if rejected:  # only then: a log searched for "rejected" finds the files that were
            parts.append(f"{rejected} rejected{self._why_rejected()}")
        if self.skipped:
            by_extension = ", ".join(f"{n} {suffix}" for suffix, n in self.skipped.most_common())
            parts.append(f"{sum(self.skipped.values())} skipped ({by_extension}: not an importable format)")
        outcomes = [Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED, Outcome.REPRINT]
        records = ", ".join(f"{self.records[o]} {o}" for o in outcomes)
        return f"{_files(self.imported + rejected)}: {', '.join(parts)}; {records}"

    def _why_rejected(self) -> str:
        common = self.reasons.most_common()
        shown = [reason if n == 1 else f"{n} × {reason}" for reason, n in common[: self.REASONS_SHOWN]]
        if len(common) > self.REASONS_SHOWN:
            others = len(common) - self.REASONS_SHOWN
            shown.append(f"{others} other reason{'' if others == 1 else 's'}, above")
        return f" ({'; '.join(shown)})"


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
