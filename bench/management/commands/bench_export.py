"""Time the exports of a whole benchmark archive and the memory they take.

Run after `bench_search --articles N --keep`, on the archive it kept: each export asked for is
requested through Django's whole request cycle with no filter (every article), its streamed body
read to the end, and the time, bytes, rows and the process's resident memory reported: before the
request, the highest seen while streaming (sampled every 200 chunks), and the process's peak.
Peak resident memory covers the whole process (Django, the search columns, the rows in flight).
"""

import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.models import Article
from bench.files import open_kept_archive, write_json

from .bench_search import SiteClient, _rss_mb

EXPORTS = {"csv": "/export.csv", "jsonl": "/export.jsonl"}


class Command(BaseCommand):
    help = "Stream /export.csv and /export.jsonl of a kept benchmark archive; report time and memory."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000, help="the benchmark archive's size")
        parser.add_argument("--format", choices=sorted(EXPORTS), action="append", dest="formats")
        parser.add_argument("--json", dest="json_path")

    def handle(self, *args, articles, formats=None, json_path=None, **options):
        open_kept_archive(articles)
        present = Article.objects.published().count()
        if not present:
            raise CommandError(f"the benchmark archive of {articles} is empty: run bench_search --keep first")
        figures = {"backend": connection.vendor, "articles": present}
        for fmt in formats or sorted(EXPORTS):
            figures[fmt] = self.export(EXPORTS[fmt])
            line = ", ".join(f"{k} {v}" for k, v in figures[fmt].items())
            self.stdout.write(f"{fmt}: {line}")
        figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        self.stdout.write(f"process peak resident memory: {figures['peak_rss_mb']} MB")
        if json_path:
            write_json(json_path, figures)

    def export(self, path):
        client = SiteClient(HTTP_HOST="127.0.0.1")
        before = _rss_mb()
        started = time.perf_counter()
        response = client.get(path)
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}")
        first_byte = None
        size = chunks = 0
        highest = before
        for chunk in response.streaming_content:
            if first_byte is None:
                first_byte = time.perf_counter() - started
            size += len(chunk)
            chunks += 1
            if chunks % 200 == 0:
                highest = max(highest, _rss_mb())
        seconds = time.perf_counter() - started
        return {
            "seconds": round(seconds, 1),
            "first_byte_ms": round(first_byte * 1000),
            "mb": round(size / 1e6, 1),
            "mb_per_s": round(size / 1e6 / seconds, 1),
            "rss_before_mb": before,
            "rss_highest_mb": max(highest, _rss_mb()),
        }
