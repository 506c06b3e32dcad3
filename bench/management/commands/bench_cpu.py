"""CPU time per request, by the page types of the load test (load/locustfile.py), over a kept archive.

Run after `bench_search --articles N --keep`. Each page type's URLs (the locust mix's, with its
words, agencies and years, in the same proportions) are asked through Django's whole request cycle,
the streamed bodies read to the end, and the process's CPU time (time.process_time: user + system,
this process only, so the database server's share is not in it) is reported per request: p50, p95
and the mean, and the mean weighted by the load mix — what one request costs a web worker, which
says how many requests a second a core can answer. The wall-clock p50 is beside it.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.models import Article
from bench.files import open_kept_archive, write_json

from .bench_search import SiteClient, _rss_mb

WORDS = ["发展", "经济", "改革", "电信网络诈骗", "断卡", "疫情", "扶贫", "长江", "電信網絡詐騙", "近几年"]
AGENCIES = ["ministry-of-public-security", "peoples-bank-of-china", "state-council", "ministry-of-commerce"]
CAMPAIGNS = ["duanka", "yunjian", "jingwang"]
YEARS = [str(y) for y in range(2015, 2027)]


def page_types(rng, article_ids):
    """(name, weight in the load mix, a function giving one URL of that type)."""
    return [
        ("browse", 3, lambda: f"/?page={rng.randint(1, 20)}"),
        ("search", 4, lambda: f"/?q={rng.choice(WORDS)}"),
        ("facets", 3, lambda: rng.choice([
            f"/?agency={rng.choice(AGENCIES)}",
            f"/?campaign={rng.choice(CAMPAIGNS)}&year={rng.choice(YEARS)}",
            f"/?q={rng.choice(WORDS)}&agency={rng.choice(AGENCIES)}&date_from=2020-01-01&date_to=2022-12-31",
        ])),
        ("article", 3, lambda: f"/articles/{rng.choice(article_ids)}/"),
        ("api", 2, lambda: f"/api/articles/?q={rng.choice(WORDS)}&year={rng.choice(YEARS)}"),
        ("figures", 1, lambda: rng.choice(["/figures/", "/figures/?q=案件", "/figures/?year=2020"])),
        ("export_csv", 1, lambda: f"/export.csv?q=断卡&year={rng.choice(YEARS)}"),
    ]  # fmt: skip


class Command(BaseCommand):
    help = "CPU time per request by page type (the load test's mix) over a kept benchmark archive."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000, help="the benchmark archive's size")
        parser.add_argument("--requests", type=int, default=40, help="timed requests per page type")
        parser.add_argument("--json", dest="json_path")

    def handle(self, *args, articles, requests, json_path=None, **options):
        open_kept_archive(articles)
        rng, client = random.Random(19), SiteClient(HTTP_HOST="127.0.0.1")
        ids = list(Article.objects.published().values_list("pk", flat=True))
        if not ids:
            raise CommandError(f"the benchmark archive of {articles} is empty: run bench_search --keep first")
        ids = rng.sample(ids, min(1000, len(ids)))
        figures = {"backend": connection.vendor, "articles": Article.objects.published().count(), "types": {}}
        types = page_types(rng, ids)
        for _name, _weight, url in types:  # warm: the columns, the figure columns, the dictionary
            self.fetch(client, url())
        for name, weight, url in types:
            cpu, wall = [], []
            for _ in range(requests):
                started_cpu, started = time.process_time(), time.perf_counter()
                self.fetch(client, url())
                cpu.append((time.process_time() - started_cpu) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
            cpu.sort()
            figures["types"][name] = {
                "weight": weight,
                "cpu_p50_ms": round(statistics.median(cpu), 1),
                "cpu_p95_ms": round(cpu[max(0, int(len(cpu) * 0.95) - 1)], 1),
                "cpu_mean_ms": round(statistics.fmean(cpu), 1),
                "wall_p50_ms": round(statistics.median(wall), 1),
            }
        total = sum(t["weight"] for t in figures["types"].values())
        mixed = sum(t["weight"] * t["cpu_mean_ms"] for t in figures["types"].values()) / total
        figures["mix_cpu_mean_ms"] = round(mixed, 1)
        figures["requests_per_core_second"] = round(1000 / mixed, 1)
        figures["rss_mb"] = _rss_mb()
        self.report(figures)
        if json_path:
            write_json(json_path, figures)

    @staticmethod
    def fetch(client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        if response.streaming:
            for _chunk in response.streaming_content:
                pass

    def report(self, figures):
        self.stdout.write(f"{figures['backend']}, {figures['articles']} articles; CPU ms per request (this process)")
        self.stdout.write(f"{'type':12} {'weight':>6} {'p50':>7} {'p95':>7} {'mean':>7} {'wall p50':>9}")
        for name, t in figures["types"].items():
            self.stdout.write(
                f"{name:12} {t['weight']:6} {t['cpu_p50_ms']:7.1f} {t['cpu_p95_ms']:7.1f} {t['cpu_mean_ms']:7.1f} "
                f"{t['wall_p50_ms']:9.1f}"
            )
        self.stdout.write(
            f"the load mix: {figures['mix_cpu_mean_ms']} ms CPU a request, "
            f"{figures['requests_per_core_second']} requests a second a core; resident {figures['rss_mb']} MB"
        )
