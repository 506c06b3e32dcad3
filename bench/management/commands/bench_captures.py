"""Measure what keeping captures costs and how fast they move: N xwlb records rendered as a county
site's pages (bench/captures.py) and written as a crawler's WARC; that WARC imported with its
originals and the same pages without (the cost of keeping them: seconds, MB/s, bytes stored per
article); export_warc (seconds, payloads byte-identical); reextract, dry and applied (seconds, peak
memory); and harvest from a local site with no delay (pages a second).

Each import goes into a fresh database of its own (var/bench-captures.sqlite3, or
<database>_bench_captures); the archive's own database and originals are not touched."""

import os
import resource
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Sum
from django.test.utils import override_settings

from archive.captures.capture import Originals
from archive.captures.models import Original, originals_storage
from archive.ingest.bulk import import_file
from archive.ingest.names import current_name_table
from archive.ingest.warc import read_warc
from archive.models import Article
from bench.captures import Site, page_html, records, synthetic_records, warc_of
from bench.corpus import XWLB
from bench.files import var_path, write_json

# manage.py with its arguments, then its own peak memory (MB) on the last line of stderr: VmHWM, the
# high-water mark of this program's memory (ru_maxrss would also count the pages the fork copied).
MEASURED = (
    "import runpy, sys\n"
    "sys.argv = ['manage.py', *sys.argv[1:]]\n"
    "try:\n    runpy.run_path('manage.py', run_name='__main__')\n"
    "finally:\n"
    "    peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')) / 1024\n"
    "    print('peak_rss_mb', round(peak, 1), file=sys.stderr)\n"
)


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Command(BaseCommand):
    help = "Benchmark originals, WARC import and export, reextract and harvesting over N xwlb items."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=5000)
        parser.add_argument(
            "--synthetic", action="store_true", help="items made from the corpus's sentences, as many as asked"
        )
        parser.add_argument("--harvest", type=int, default=300, help="pages harvested from the local site")
        parser.add_argument("--no-baseline", action="store_true", help="skip the import without originals")
        parser.add_argument("--json", dest="json_path", help="also write the figures here")

    def handle(self, *args, items, harvest, synthetic=False, no_baseline=False, json_path=None, **options):
        if not XWLB.is_file():
            raise CommandError(f"no corpus file at {XWLB}")
        pages = [page_html(r) for r in (synthetic_records(items) if synthetic else records(XWLB, items))]
        warc = var_path("bench-captures.warc.gz")
        warc.write_bytes(warc_of(pages))
        raw = sum(map(len, pages))
        figures = {"backend": connection.vendor, "pages": len(pages), "page_mb": round(raw / 1e6, 1)}
        figures["warc_mb"] = round(warc.stat().st_size / 1e6, 1)
        with tempfile.TemporaryDirectory() as folder, self.storage(folder):
            if not no_baseline:
                figures["without_originals"] = self.in_fresh_database(lambda: self.time_import(warc, keep=False))
            figures["with_originals"] = self.in_fresh_database(lambda: self.with_originals(warc))
            figures["harvest"] = self.in_fresh_database(lambda: self.time_harvest(pages[:harvest]))
        figures["peak_rss_mb"] = peak_mb()
        for key, value in figures.items():
            self.stdout.write(f"{key}: {value}")
        if json_path:
            write_json(json_path, figures)

    def storage(self, folder):
        backend = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": folder}}
        return override_settings(
            STORAGES={**settings.STORAGES, "originals": backend}, ARCHIVE_HARVEST_DIR=Path(folder) / "harvests"
        )

    def in_fresh_database(self, measure):
        old_name = connection.settings_dict["NAME"]
        test = connection.settings_dict.setdefault("TEST", {})
        test["NAME"] = (
            str(var_path("bench-captures.sqlite3")) if connection.vendor == "sqlite" else f"{old_name}_bench_captures"
        )
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            return measure()
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def time_import(self, warc, keep):
        started = time.perf_counter()
        originals = Originals()
        pages = read_warc(warc, warc.name, originals)
        counts = import_file(pages, current_name_table(), warc.name, originals if keep else None)
        seconds = time.perf_counter() - started
        size = warc.stat().st_size
        result = {
            "seconds": round(seconds, 1),
            "warc_mb_per_s": round(size / 1e6 / seconds, 2),
            "created": counts["created"],
        }
        if keep:
            stored = Original.objects.aggregate(raw=Sum("size"), stored=Sum("stored_size"))
            articles = Article.objects.count()
            result["originals"] = Original.objects.count()
            result["stored_bytes_per_article"] = round(stored["stored"] / articles)
            result["raw_bytes_per_article"] = round(stored["raw"] / articles)
        return result

    def with_originals(self, warc):
        result = self.time_import(warc, keep=True)
        exported = var_path("bench-captures-export.warc.gz")
        exported.unlink(missing_ok=True)
        started = time.perf_counter()
        call_command("export_warc", str(exported), stdout=StringIO())
        result["export_seconds"] = round(time.perf_counter() - started, 1)
        again = Originals()
        read_warc(exported, exported.name, again)
        before = Originals()
        read_warc(warc, warc.name, before)
        result["export_payloads_identical"] = {k: c.body for k, c in before.captures.items()} == {
            k: c.body for k, c in again.captures.items()
        }
        # reextract in a process of its own, as an operator runs it: its time and its own peak memory
        # (not this process's, which holds every page of the benchmark, nor its forked workers').
        for label, args in (("reextract_dry_run", ["--dry-run"]), ("reextract", [])):
            started = time.perf_counter()
            done = subprocess.run(  # noqa: S603 (our own manage.py)
                [sys.executable, "-c", MEASURED, "reextract", *args],
                env=self.child_environment(),
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode:
                raise CommandError(f"reextract failed: {done.stderr[-1000:]}")
            result[f"{label}_seconds"] = round(time.perf_counter() - started, 1)
            result[f"{label}_changed"] = done.stdout.strip().splitlines()[-1]
            result[f"{label}_peak_rss_mb"] = float(done.stderr.strip().splitlines()[-1].split()[-1])
        return result

    def child_environment(self):
        """The environment of a manage.py that works on this benchmark's database and originals."""
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["ARCHIVE_ORIGINALS_ROOT"] = str(originals_storage().location)
        name = connection.settings_dict["NAME"]
        if connection.vendor == "sqlite":
            env["ARCHIVE_SQLITE_PATH"] = str(name)
        else:
            env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
        return env

    def time_harvest(self, pages):
        if not pages:
            return None
        with (
            Site(pages) as site,
            override_settings(ARCHIVE_HARVEST_CONTACT="bench@example.org", ARCHIVE_HARVEST_DELAY=0),
        ):
            started = time.perf_counter()
            try:
                call_command("harvest", "--feed", site.url("/feed.xml"), stdout=StringIO(), verbosity=0)
            except CommandError as error:
                return {"error": str(error)}
            seconds = time.perf_counter() - started
        return {"pages": len(pages), "seconds": round(seconds, 1), "pages_per_s": round(len(pages) / seconds, 1)}
