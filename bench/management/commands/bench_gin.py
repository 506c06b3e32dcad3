"""What PostgreSQL's GIN index over the gram sets costs by itself, on this machine.

Writes the gram sets (archive/search/postgres.py: every substring of two to four characters) of
the first N corpus items into scratch tables, the way the importer writes them (COPY in batches of
500, one transaction, the import's work_mem and pending-list size), and times: the rows with no
index; with the GIN index over tsvectors (as the archive has it); with a GIN index over the same
grams packed into bigint[] (four UTF-16 code units in 64 bits); and a CREATE INDEX over the loaded
rows for both. The scratch tables are dropped at the end. PostgreSQL only.
"""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from archive.search.postgres import _tsvector, gram_set
from archive.search.tokenize import normalise
from bench.corpus import XWLB
from bench.files import write_json

BATCH = 500


def packed(gram: str) -> int | None:
    """A gram of up to four BMP characters as one signed 64-bit integer (None past the BMP)."""
    value = 0
    for ch in gram:
        if ord(ch) > 0xFFFF:
            return None
        value = value << 16 | ord(ch)
    return (value << 16 * (4 - len(gram))) - (1 << 63)


class Command(BaseCommand):
    help = "Time writing gram sets with and without PostgreSQL's GIN index (scratch tables)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=4000)
        parser.add_argument("--corpus", default=str(XWLB))
        parser.add_argument("--json", dest="json_path")

    def handle(self, *args, articles, corpus, json_path=None, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_gin measures PostgreSQL: set DATABASE_URL")
        texts = []
        with Path(corpus).open(encoding="utf-8") as lines:
            for line in lines:
                item = json.loads(line)
                texts.append(normalise(f"{item['title']}\n{item['body']}"))
                if len(texts) == articles:
                    break
        mb = sum(len(t.encode()) for t in texts) / 1e6
        grams = [gram_set(t) for t in texts]
        keys = sum(map(len, grams))
        vectors = [_tsvector(g) for g in grams]
        arrays = ["{" + ",".join(str(v) for v in map(packed, g) if v is not None) + "}" for g in grams]
        figures = {"articles": len(texts), "mb": round(mb, 2), "keys_per_article": round(keys / len(texts))}
        cases = [
            ("no_index", "tsvector", vectors, False),
            ("gin_tsvector", "tsvector", vectors, True),
            ("gin_bigint_array", "bigint[]", arrays, True),
        ]
        try:
            for name, kind, rows, indexed in cases:
                seconds = self.load(kind, rows, indexed)
                figures[name] = {"seconds": round(seconds, 1), "mb_per_s": round(mb / seconds, 2)}
                if indexed:
                    figures[name]["us_per_key"] = round(seconds / keys * 1e6, 2)
                    started = time.perf_counter()
                    with connection.cursor() as cursor:
                        cursor.execute("DROP INDEX bench_gin_g")
                        cursor.execute("SET maintenance_work_mem = '1GB'")
                        cursor.execute("CREATE INDEX bench_gin_g ON bench_gin USING gin (g)")
                        cursor.execute("RESET maintenance_work_mem")
                    seconds = time.perf_counter() - started
                    figures[f"create_index_{kind}"] = {"seconds": round(seconds, 1), "mb_per_s": round(mb / seconds, 2)}
                self.stdout.write(f"{name}: {figures[name]}")
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS bench_gin")
        for name in ("create_index_tsvector", "create_index_bigint[]"):
            self.stdout.write(f"{name}: {figures[name]}")
        if json_path:
            write_json(json_path, figures)

    def load(self, kind, rows, indexed) -> float:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_gin")
            cursor.execute(f"CREATE TABLE bench_gin (id integer, g {kind})")
            if indexed:
                cursor.execute("CREATE INDEX bench_gin_g ON bench_gin USING gin (g)")
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
            for start in range(0, len(rows), BATCH):
                with cursor.copy("COPY bench_gin (id, g) FROM STDIN") as copy:
                    for n, row in enumerate(rows[start : start + BATCH], start):
                        copy.write_row((n, row))
            if indexed:
                cursor.execute("SELECT gin_clean_pending_list('bench_gin_g'::regclass)")
        return time.perf_counter() - started
