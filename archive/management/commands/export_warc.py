"""Write the chosen articles' captures as a WARC 1.1 file (gzip per record), for pywb, ReplayWeb.page
or any tool of the web-archiving community: for each copy with a kept original, a response record
holding the original bytes (payload digest included), and for each article a metadata record with
the archive's fields (as the JSONL export has them), referring to its first response.

The same filters as the list page choose the articles. The file appears only when complete."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.captures.models import Original
from archive.captures.warc import WarcWriter
from archive.management.filter_options import add_filter_arguments, filtered_ids
from archive.models import Article
from archive.records import records

CHUNK = 200


def target_uri(copy) -> str:
    """A copy's address, or for a page imported from a file a URN naming the copy and its file."""
    return copy.url or f"urn:policy-archive:copy:{copy.pk}:{copy.file_name}"


class Command(BaseCommand):
    help = "Export the chosen articles' original captures and their fields as a WARC 1.1 file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the .warc.gz file to write (must not exist)")
        add_filter_arguments(parser)

    def handle(self, *args, path, verbosity=1, **options):
        if path.exists():
            raise CommandError(f"{path} exists already; an export never overwrites a file")
        ids = filtered_ids(options)
        partial = path.with_name(path.name + ".partial")
        counts = {"articles": 0, "responses": 0, "without original": 0}
        try:
            with partial.open("wb") as stream:
                writer = WarcWriter(stream, filename=path.name, description="policy-archive export")
                for start in range(0, len(ids), CHUNK):
                    self.write_chunk(writer, ids[start : start + CHUNK], counts)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        summary = (
            f"{path}: {counts['articles']} articles, {counts['responses']} responses"
            f", {counts['without original']} copies without a kept original"
        )
        self.stdout.write(self.style.SUCCESS(summary))

    def write_chunk(self, writer, ids, counts):
        articles = list(Article.objects.prefetch_related("copies").in_order(ids))
        found = records(ids)
        hashes = {copy.raw_hash for article in articles for copy in article.copies.all()}
        originals = {o.sha256: o for o in Original.objects.filter(sha256__in=hashes)}
        for article in articles:
            first = None
            for copy in article.copies.all():
                original = originals.get(copy.raw_hash)
                if original is None:
                    counts["without original"] += 1
                    continue
                capture = original.capture(target_uri(copy), copy.captured_at)
                record_id = writer.write_capture(capture, media_type=original.media_type)
                first = first or (capture.url, record_id, copy.captured_at)
                counts["responses"] += 1
            if first:
                url, record_id, date = first
                writer.write_metadata(url, record_id, found[article.pk], date)
                counts["articles"] += 1
