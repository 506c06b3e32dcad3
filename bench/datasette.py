"""The peer in bench_search: Datasette over an SQLite copy of the same archive and the same tokens.

The copy holds one row per published article (id, title, year, source, published, and its agency
and campaign ids as JSON arrays for Datasette's array facets) and an FTS5 table with the very token
streams the archive's SQLite index holds (jieba's words and the gram streams). Each benchmark URL
becomes the Datasette request that answers the same question: the same FTS5 expression the
archive's SQLite backend builds (raw search mode), the same filters, facets on year, source,
agencies and campaigns, 20 rows newest first.

Benchmark-only: Datasette comes from requirements-bench.txt.
"""

import asyncio
import json
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from archive.ingest.bulk import parallel_map
from archive.models import SHANGHAI, Agency, AgencyMention, Article, Campaign, CampaignMention
from archive.search.query import parse_query
from archive.search.sqlite import SQLiteBackend
from archive.search.tokenize import document_tokens

TABLE = "articles"


def available() -> bool:
    try:
        import datasette  # noqa: F401
    except ImportError:
        return False
    return True


def _tokens(row):
    return document_tokens(row[1], row[2])


def build(path: Path, stdout) -> None:
    """Write the copy (again, unless it holds as many articles as the archive)."""
    articles = Article.objects.published().order_by("pk")
    total = articles.count()
    if path.exists():
        with sqlite3.connect(path) as db:
            try:
                if db.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0] == total:  # noqa: S608
                    return
            except sqlite3.Error:
                pass
        path.unlink()
    started = time.perf_counter()
    agencies, campaigns = _mentions(AgencyMention, "agency_id"), _mentions(CampaignMention, "campaign_id")
    db = sqlite3.connect(path)
    db.executescript(
        f"""
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, title TEXT, year INTEGER, source INTEGER,
                              published TEXT, agencies TEXT, campaigns TEXT);
        CREATE INDEX {TABLE}_published ON {TABLE} (published);
        CREATE INDEX {TABLE}_year ON {TABLE} (year);
        CREATE VIRTUAL TABLE {TABLE}_fts USING fts5 (title, body, tgrams, bgrams,
                                                     tokenize = 'unicode61 remove_diacritics 0');
        """
    )
    rows = articles.values_list("pk", "title", "body", "year", "source_id", "published_at")
    chunk = []
    for row in rows.iterator(chunk_size=2000):
        chunk.append(row)
        if len(chunk) == 5000:
            _write(db, chunk, agencies, campaigns)
            chunk = []
    _write(db, chunk, agencies, campaigns)
    db.commit()
    db.close()
    stdout.write(f"Datasette copy: {total} articles in {time.perf_counter() - started:.0f} s")


def _mentions(model, field) -> dict[int, list[int]]:
    out = {}
    for article_id, entity_id in model.objects.active().values_list("article_id", field).iterator(chunk_size=50_000):
        out.setdefault(article_id, []).append(entity_id)
    return out


def _write(db, chunk, agencies, campaigns):
    tokens = list(parallel_map(_tokens, [(pk, title, body) for pk, title, body, *_ in chunk]))
    db.executemany(
        f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
        [
            (
                pk,
                title,
                year,
                source,
                published.astimezone(SHANGHAI).isoformat() if published else None,
                json.dumps(sorted(agencies.get(pk, []))),
                json.dumps(sorted(campaigns.get(pk, []))),
            )
            for pk, title, _, year, source, published in chunk
        ],
    )
    db.executemany(
        f"INSERT INTO {TABLE}_fts (rowid, title, body, tgrams, bgrams) VALUES (?, ?, ?, ?, ?)",  # noqa: S608
        [(row[0], *t) for row, t in zip(chunk, tokens, strict=True)],
    )


def url_for(query_string: str, path: Path) -> str:
    """The Datasette request that answers the same question as the archive's list page."""
    from datasette.utils import tilde_encode

    pairs = parse_qsl(query_string)
    params = dict(pairs)
    args = [("_facet", "year"), ("_facet", "source"), ("_facet_array", "agencies"), ("_facet_array", "campaigns")]
    args += [("_size", "20"), ("_sort_desc", "published")]
    parsed = parse_query(params.get("q", ""))
    if not parsed.is_empty:
        args += [("_search", SQLiteBackend().match_text(parsed)), ("_searchmode", "raw")]
    if params.get("year"):
        args.append(("year", params["year"]))
    for name, column, model in (("agency", "agencies", Agency), ("campaign", "campaigns", Campaign)):
        slugs = [v for k, v in pairs if k == name]
        if slugs:  # any of them, as on the list page
            pks = ",".join(str(pk) for pk in model.objects.filter(slug__in=slugs).values_list("pk", flat=True))
            where = f"EXISTS (SELECT 1 FROM json_each({column}) WHERE value IN ({pks}))"  # noqa: S608 (integer ids)
            args.append(("_where", where))
    if params.get("date_from"):
        args.append(("published__gte", params["date_from"]))
    if params.get("date_to"):
        args.append(("published__lt", (date.fromisoformat(params["date_to"]) + timedelta(days=1)).isoformat()))
    if params.get("page"):  # Datasette pages by keyset: the token of the row before the page
        with sqlite3.connect(path) as db:
            row = db.execute(
                f"SELECT published, id FROM {TABLE} ORDER BY published DESC, id DESC LIMIT 1 OFFSET ?",  # noqa: S608
                [(int(params["page"]) - 1) * 20 - 1],
            ).fetchone()
        args.append(("_next", ",".join(tilde_encode(str(v)) for v in row)))
    return f"/bench/{TABLE}.json?{urlencode(args)}"


def time_requests(path: Path, mix: dict, repeat: int, summary, expected: dict) -> tuple[dict, list[str]]:
    """Datasette's p50/p95/max per class, and any request whose count differs from the archive's
    (expected: query string -> count), which would mean the two were not asked the same thing."""
    from datasette.app import Datasette

    metadata = {"databases": {"bench": {"tables": {TABLE: {"fts_table": f"{TABLE}_fts", "fts_pk": "id"}}}}}
    settings = {"facet_time_limit_ms": 60_000, "sql_time_limit_ms": 60_000, "num_sql_threads": 1}
    ds = Datasette([str(path)], metadata=metadata, settings=settings)  # the file is bench.sqlite3

    urls = {kind: [(query, url_for(query, path)) for query in queries] for kind, queries in mix.items()}
    differ = []

    async def run():
        out = {}
        for kind, kind_urls in urls.items():
            times = []
            for query, url in kind_urls:
                for _ in range(2):
                    response = await ds.client.get(url)
                    if response.status_code != 200:
                        raise RuntimeError(f"Datasette answered {response.status_code} to {url}: {response.text[:300]}")
                count = response.json()["filtered_table_rows_count"]
                if count != expected[query]:
                    differ.append(f"{query!r}: Datasette {count}, archive {expected[query]}")
                for _ in range(repeat):
                    started = time.perf_counter()
                    await ds.client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
            out[kind] = summary(times)
        return out

    return asyncio.run(run()), differ
