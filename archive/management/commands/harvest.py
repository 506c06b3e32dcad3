"""Harvest the sources that are due (`harvest`), or one feed or listing page now (`harvest --feed
URL`): new article links fetched politely (robots.txt, a delay per host, conditional requests, the
archive's User-Agent with its contact), written to a WARC under ARCHIVE_HARVEST_DIR as they arrive,
and imported with their originals.

A line per URL: created, unchanged, reprint, skipped (robots, known, not modified, off-site) or
rejected/failed with a reason. One failing source does not stop the others. Exits 1 when any URL was
rejected or failed, as import_articles does for its files."""

import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from archive.harvest.models import Harvest
from archive.harvest.run import FAILED, REJECTED, Target, fetcher, harvest
from archive.search import backend


def pattern(value: str) -> str:
    try:
        re.compile(value)
    except re.error as error:
        raise CommandError(f"not a regular expression: {value!r}: {error}") from error
    return value


class Command(BaseCommand):
    help = "Harvest the due sources, or one feed or listing page (--feed URL)."

    def add_arguments(self, parser):
        parser.add_argument("--feed", metavar="URL", help="harvest this feed or listing page now")
        parser.add_argument("--articles", type=pattern, default="", help="a listing page's article links (regex)")
        parser.add_argument("--next", type=pattern, default="", help="a listing page's next-page links (regex)")
        parser.add_argument("--depth", type=int, default=1, help="listing pages to read, the first included")

    @translation.override("en")
    def handle(self, *args, feed=None, articles="", next="", depth=1, verbosity=1, **options):
        if not settings.ARCHIVE_HARVEST_CONTACT:
            raise CommandError("set ARCHIVE_HARVEST_CONTACT (a URL or e-mail address site owners can reach) first")
        if feed:
            targets = [Target(feed, "listing" if articles else "", articles, next, max(1, depth))]
        else:
            targets = [Target.of(h) for h in Harvest.objects.due().select_related("source").order_by("pk")]
        client, problems, created = fetcher(), 0, 0
        for target in targets:
            try:
                result = harvest(target, client, say=self.stdout.write if verbosity > 0 else None)
            except Exception as error:  # one failing source does not stop the others
                problems += 1
                self.stdout.write(f"{target.address}: {self.style.ERROR('failed')}: {type(error).__name__}: {error}")
                continue
            problems += result.counts[REJECTED] + result.counts[FAILED]
            created += result.run.created
            run = result.run
            self.stdout.write(
                f"{target.address}: {run.fetched} fetched, {run.created} created, {run.unchanged} unchanged, "
                f"{run.reprints} reprint, {run.skipped} skipped, {run.failed} failed"
            )
        if created:
            backend().after_bulk_write()
        summary = f"{len(targets)} harvest{'' if len(targets) == 1 else 's'} run"
        if problems:
            raise CommandError(f"{summary}; {problems} URLs rejected or failed", returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))
