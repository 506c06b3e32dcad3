"""Read every kept original again with today's extractor (after it improved) and say, per field,
how many articles it would change; without --dry-run, change them through the normal save path
(mentions, figures, the document's record and the index follow), keeping what curators set.

The list page's filters choose the articles; they are read 200 at a time, so memory stays flat."""

from django.core.management.base import BaseCommand
from django.utils import translation

from archive.ingest.reread import reread
from archive.management.filter_options import add_filter_arguments, filtered_ids
from archive.search import backend


class Command(BaseCommand):
    help = "Re-read the stored originals with today's extractor; report per field what changes, and apply it."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
        add_filter_arguments(parser)

    @translation.override("en")
    def handle(self, *args, dry_run=False, **options):
        report = reread(filtered_ids(options), apply=not dry_run)
        if not dry_run and report.changed_articles:
            backend().after_bulk_write()
        for line in report.lines():
            self.stdout.write(line)
        verb = "would change" if dry_run else "changed"
        self.stdout.write(
            self.style.SUCCESS(f"{'dry run: ' if dry_run else ''}{report.changed_articles} articles {verb}")
        )
