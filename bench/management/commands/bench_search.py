"""Measure search speed: build an archive of N articles, time a fixed mix of requests through
Django's whole request cycle, and the bare SQL that finds the same articles.

The archive is built in a separate database (var/bench-N.sqlite3, or <database>_bench_N on
PostgreSQL) through the importer's own bulk path, so the import is measured too; --keep keeps it
for the next run. The archive's own database is not touched.
"""

import gc
import os
import resource
import statistics
import time
from io import StringIO
from itertools import islice
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from archive.figures import views as figure_views
from archive.figures.models import Figure
from archive.ingest.bulk import import_pages
from archive.ingest.names import current_name_table
from archive.models import Article
from archive.search import backend
from archive.search.query import parse_query
from bench import datasette as _datasette
from bench.corpus import XWLB
from bench.files import var_path, write_json
from bench.synthetic import synthetic_pages
from bench.synthetic_documents import write_documents

RESEARCHER = "campaign=duanka&agency=peoples-bank-of-china&agency=ministry-of-public-security"
MIX = {
    "broad": ["q=发展", "q=工作", "q=经济"],
    "medium": ["q=疫情防控", "q=电信网络诈骗", "q=乡村振兴"],
    "narrow": ["q=断卡", "q=近几年 反诈", "q=云剑 | 昆仑"],
    "no_match": ["q=量子引力波探测器", "q=不存在的组合词语"],
    "facets_only": ["", "year=2021", "page=40"],
    "filtered": [
        f"q=电信网络诈骗&{RESEARCHER}&date_from=2020-01-01&date_to=2022-12-31",
        "agency=ministry-of-public-security&year=2021",
        "q=電信網絡詐騙&campaign=duanka&sort=newest",
    ],
    # The policy documents' facets (bench/synthetic_documents.py: one article in ten is a document).
    "issuer": [
        "issuer=ministry-of-public-security",
        "q=工作&issuer=peoples-bank-of-china",
        "issuer=supreme-peoples-court&issuer=ministry-of-public-security&year=2021",
    ],
    "doc_type_validity": [
        "doc_type=通知&validity=in_force",
        "doc_type=意见&doc_type=办法&validity=repealed&validity=amended",
        "q=发展&doc_type=通知&validity=in_force",
    ],
}
# What Datasette's copy (bench/datasette.py) holds no column for: not compared there.
NOT_IN_DATASETTE = {"issuer", "doc_type_validity"}

CHUNK = 20_000  # generated pages held at once
ADMIN = [
    "",
    "q=断卡",
    "q=電信網絡詐騙 -长城",
    "status__exact=published&year=2021",
    "campaign=duanka",
    "review=any",
    "p=100",
]
FIGURE_QUERIES = ["", "q=案件", "agency=ministry-of-public-security", "year=2020&unit=起", "sort=-value", "page=50"]


def deep_page(query: str, rows: int, per_page: int) -> str:
    """The mix's deep page (page=N), or the last page where the archive has fewer: a page past
    the last is a 404."""
    name, _, number = query.partition("page=")
    if not number.isdigit():
        return query
    return f"{name}page={min(int(number), max(1, -(-rows // per_page)))}"


class SiteClient(Client):
    """Django's test client as a visitor over https: production settings redirect plain http."""

    def get(self, path, *args, **kwargs):
        kwargs.setdefault("secure", True)
        return super().get(path, *args, **kwargs)


class Command(BaseCommand):
    help = "Time the list page, the API and the bare SQL over an archive of N synthetic articles."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=20, help="timed requests per URL")
        parser.add_argument("--json", dest="json_path")
        parser.add_argument("--keep", action="store_true", help="keep the benchmark database for the next run")
        parser.add_argument("--corpus", default=str(XWLB))
        parser.add_argument("--no-datasette", action="store_true", help="skip the comparison with Datasette")

    def handle(
        self, *args, articles, repeat, json_path=None, keep=False, corpus=str(XWLB), no_datasette=False, **options
    ):
        if not Path(corpus).is_file():
            raise CommandError(f"no corpus file at {corpus}")
        old_name = connection.settings_dict["NAME"]
        test = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            test["NAME"] = str(var_path(f"bench-{articles}.sqlite3"))
        else:
            test["NAME"] = f"{old_name}_bench_{articles}"
        # serialize=False: Django would otherwise read a kept archive whole into one string (for
        # tests that roll back by reloading it): at 100,000 articles over 7 minutes and 1 GB
        # before the first request; the million-article run, which reused its archive, peaked at 11.9 GB.
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep, serialize=False)
        try:
            figures = {"backend": connection.vendor, "articles": articles}
            figures["import"] = self.build(articles, corpus)
            gc.collect()
            gc.freeze()  # as config/wsgi.py does before gunicorn forks its workers
            figures["list_page"] = self.time_urls("/", repeat)
            figures["api"] = self.time_urls("/api/articles/", repeat)
            figures["bare_sql"] = self.time_bare_sql(repeat)
            figures["admin_changelist"] = self.time_admin(repeat)
            figures["figure_pages"] = self.time_figure_pages(repeat)
            figures["datasette"] = None if no_datasette else self.time_datasette(articles, repeat)
            figures["ratios"] = _ratios(figures)
            figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
            figures["rss_after_requests_mb"] = _rss_mb()
        finally:
            if not keep:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        self.report(figures)
        if json_path:
            write_json(json_path, figures)

    def build(self, articles, corpus):
        present = Article.objects.count()
        if present >= articles:
            self.stdout.write(f"reusing {present} articles")
            return None
        # A chunk of generated pages at a time, so that a million articles fit in memory; only the
        # import is timed, not the generating.
        pages, size, seconds = synthetic_pages(corpus, articles - present, seed=present), 0, 0.0
        with transaction.atomic():
            while chunk := list(islice(pages, CHUNK)):
                size += sum(len(p.title.encode()) + len(p.body.encode()) for p, _ in chunk)
                started = time.perf_counter()
                import_pages(chunk, current_name_table(), "bench")
                seconds += time.perf_counter() - started
            started = time.perf_counter()
            documents = write_documents(seed=present)
            document_seconds = time.perf_counter() - started
        started = time.perf_counter()
        backend().after_bulk_write()
        seconds += time.perf_counter() - started
        self.stdout.write(
            f"imported {articles - present} articles, {size / 1e6:.0f} MB in {seconds:.0f} s; "
            f"{documents} of them made policy documents in {document_seconds:.1f} s"
        )
        return {
            "seconds": round(seconds, 1),
            "mb_per_s": round(size / 1e6 / seconds, 2),
            "documents": documents,
            "document_seconds": round(document_seconds, 1),
        }

    def time_urls(self, path, repeat):
        client = SiteClient(HTTP_HOST="127.0.0.1")
        out = {}
        for kind, queries in MIX.items():
            times = []
            for query in queries:
                url = f"{path}?{deep_page(query, Article.objects.published().count(), settings.ARCHIVE_PAGE_SIZE)}"
                for _ in range(2):  # warm
                    response = client.get(url)
                    if response.status_code != 200:
                        raise CommandError(f"{url} answered {response.status_code}")
                for _ in range(repeat):
                    started = time.perf_counter()
                    client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
            out[kind] = _summary(times)
        return out

    def time_admin(self, repeat):
        """The curators' article changelist, with searches and filters, and its query count."""

        user, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_staff": True})
        user.is_superuser = True
        user.save()
        client = SiteClient(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        times, queries = [], 0
        last_page = max(1, -(-Article.objects.count() // 100))  # the changelist shows 100 a page
        for query in ADMIN:
            query = query.replace("p=100", f"p={min(100, last_page)}")
            url = f"/admin/archive/article/?{query}"
            for _ in range(2):
                if client.get(url).status_code != 200:
                    raise CommandError(f"{url} did not answer 200")
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                queries = max(queries, len(captured))
        return {**_summary(times), "max_queries": queries}

    def time_figure_pages(self, repeat):
        """The figures page (browsing, metric words, an agency, a year and unit, by value), the
        series page of the commonest metric (an empty one has no series page), and the figures CSV
        of a search, with the figure count."""
        client = SiteClient(HTTP_HOST="127.0.0.1")
        common = Figure.objects.exclude(metric="").values("metric").annotate(n=Count("id")).order_by("-n").first()
        kept = Figure.objects.kept().count()
        urls = [f"/figures/?{deep_page(query, kept, figure_views.PAGE_SIZE)}" for query in FIGURE_QUERIES]
        if common:
            urls.append(f"/figures/series/?{urlencode({'metric': common['metric']})}")
        urls.append("/figures.csv?q=案件&year=2020")
        times = []
        for url in urls:
            for _ in range(2):
                response = client.get(url)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                b"".join(response.streaming_content if response.streaming else [response.content])
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(url)
                b"".join(response.streaming_content if response.streaming else [response.content])
                times.append((time.perf_counter() - started) * 1000)
        return {**_summary(times), "figures": Figure.objects.count(), "urls": len(urls)}

    def time_datasette(self, articles, repeat):
        """The same questions put to Datasette over an SQLite copy with the same tokens."""
        if not _datasette.available():
            self.stderr.write("Datasette is not installed (pip install -r requirements-bench.txt): not compared")
            return None
        folder = var_path(f"datasette-{connection.vendor}-{articles}")
        folder.mkdir(exist_ok=True)
        path = folder / "bench.sqlite3"
        _datasette.build(path, self.stdout)
        client = SiteClient(HTTP_HOST="127.0.0.1")
        mix = {kind: queries for kind, queries in MIX.items() if kind not in NOT_IN_DATASETTE}
        expected = {q: client.get(f"/api/articles/?{q}").json()["count"] for queries in mix.values() for q in queries}
        figures, differ = _datasette.time_requests(path, mix, repeat, _summary, expected)
        for line in differ:
            self.stderr.write(f"not the same answer: {line}")
        return figures

    def time_bare_sql(self, repeat):
        """The matching ids and their count, straight from the index: the floor under any page."""
        search, out = backend(), {}
        for kind, queries in MIX.items():
            times = []
            for query in queries:
                q = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("q", "")
                parsed = parse_query(q)
                sql = "SELECT id FROM archive_article"
                params = ()
                if not parsed.is_empty:
                    sql, params = search.match(parsed)
                for _ in range(repeat):
                    started = time.perf_counter()
                    search.ids(sql, params)
                    times.append((time.perf_counter() - started) * 1000)
            out[kind] = _summary(times)
        return out

    def report(self, figures):
        out = StringIO()
        out.write(f"{figures['backend']}, {figures['articles']} articles; import {figures['import']}\n")
        peer = figures["datasette"]
        out.write(
            f"{'class':12} {'list p50':>9} {'p95':>7} {'max':>7} {'api p50':>8} {'p95':>7} {'sql p95':>8} "
            f"{'datasette p95':>14} {'api/datasette':>14} {'api/sql':>8}\n"
        )
        for kind in MIX:
            page, api, sql = figures["list_page"][kind], figures["api"][kind], figures["bare_sql"][kind]
            theirs = (peer or {}).get(kind, {}).get("p95")
            out.write(
                f"{kind:12} {page['p50']:9.1f} {page['p95']:7.1f} {page['max']:7.1f} "
                f"{api['p50']:8.1f} {api['p95']:7.1f} {sql['p95']:8.1f} "
                f"{_figure(theirs):>14} {_figure(_ratio(api['p95'], theirs), 2):>14} "
                f"{_figure(_ratio(api['p95'], sql['p95']), 1):>8}\n"
            )
        admin = figures["admin_changelist"]
        out.write(
            f"admin changelist (searches, filters, page 100): p50 {admin['p50']} p95 {admin['p95']} "
            f"max {admin['max']} ms, at most {admin['max_queries']} queries\n"
        )
        pages = figures["figure_pages"]
        out.write(
            f"figures pages ({pages['urls']} URLs, {pages['figures']} figures): p50 {pages['p50']} "
            f"p95 {pages['p95']} max {pages['max']} ms\n"
        )
        out.write(f"peak RSS {figures['peak_rss_mb']} MB; after the requests {figures['rss_after_requests_mb']} MB\n")
        self.stdout.write(out.getvalue())


def _summary(times):
    times = sorted(times)
    return {
        "p50": round(statistics.median(times), 1),
        "p95": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "max": round(times[-1], 1),
    }


def _ratios(figures):
    """Our p95 over Datasette's and over the bare SQL's, per class (list page and API)."""
    out = {}
    for kind in MIX:
        peer = (figures["datasette"] or {}).get(kind, {}).get("p95")
        sql = figures["bare_sql"][kind]["p95"]
        out[kind] = {
            f"{view}_over_{other}": None if not base else round(figures[view][kind]["p95"] / base, 2)
            for view in ("list_page", "api")
            for other, base in (("datasette", peer), ("bare_sql", sql))
        }
    return out


def _ratio(ours, theirs):
    return ours / theirs if theirs else None


def _figure(value, digits=1):
    return "-" if value is None else f"{value:.{digits}f}"


def _rss_mb():
    try:
        for line in Path(f"/proc/{os.getpid()}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
