"""Many pages at once: segmenting and extraction on every core, the writes in batches.

The outcome of each page is the one save_page would give; new texts, the common case, are written
with a handful of queries per batch, anything else (a reprint, an edit, a repeat) goes through
save_page itself.
"""

import multiprocessing
import os
from collections import Counter, deque
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q

from ..captures.store import discard as discard_originals
from ..captures.store import keep as keep_originals
from ..documents import store as document_store
from ..documents.models import Document
from ..figures import store as figure_store
from ..figures.extract import extract_figures
from ..figures.metrics import tagger
from ..listing.models import Generation
from ..models import Agency, AgencyMention, Article, CampaignMention, Copy, content_hash
from ..reprints import families as reprints
from ..rows import insert_rows
from ..search import backend
from ..search.tokenize import segmenter
from .entities import Extraction, NameTable, extract_entities
from .page import ParsedPage
from .save import Outcome, campaign_ids, campaigns_named, fill_article, read_record, save_page

BATCH = 500
BULK_CACHE_KIB = 256 * 1024  # SQLite's page cache during a bulk import
PARALLEL_FROM = 200  # fewer pages than this are not worth starting processes for
WINDOW = 2000  # items handed to the workers at a time


@dataclass
class Prepared:
    page: ParsedPage
    raw_hash: str
    digest: str
    tokens: tuple  # as backend().document gives them
    found: Extraction
    fingerprint: tuple = (b"", 0)  # reprints.signature()
    figures: list = field(default_factory=list)  # figure_store.records(extract_figures())
    document: object = None  # read_record(): a DocumentRecord, or None for news


# Set before the workers fork, so they inherit them: the name table, and the texts of these pages
# already archived (a re-import is mostly those, and they need no segmenting).
_table: NameTable | None = None
_known: set[str] = set()


def prepare(item) -> Prepared:
    page, raw_hash = item
    digest = content_hash(page.title, page.body)
    if digest in _known:
        return Prepared(page, raw_hash, digest, (), Extraction())
    return Prepared(
        page=page,
        raw_hash=raw_hash,
        digest=digest,
        tokens=backend().document(page.title, page.body),
        found=extract_entities(f"{page.title}\n{page.body}", _table),
        fingerprint=reprints.signature(page.title, page.body),
        figures=figure_store.records(extract_figures(page.body, page.local_date, _table)),
        document=read_record(page, _table),
    )


def _archived(items) -> set[str]:
    """The texts of these pages that are archived already, as their raw files tell: a re-import of
    the same file. Its digests are read from the copies, not computed here (normalising every page
    in this one process cost a tenth of a fresh import's writer); a known text in a file never
    seen is segmented again, and save_batch still finds it archived."""
    raw = [raw_hash for _, raw_hash in items]
    known = set()
    for start in range(0, len(raw), BATCH):
        copies = Copy.objects.filter(raw_hash__in=raw[start : start + BATCH])
        known.update(copies.values_list("article__content_hash", flat=True))
    return known


def prepared(items, table: NameTable, workers: int | None = None):
    """Prepare pages in order, in worker processes when there are many."""
    global _table, _known
    _table, _known = table, _archived(items)
    yield from parallel_map(prepare, items, workers)


def parallel_map(func, items, workers: int | None = None):
    """func over items, in order, in forked worker processes when there are enough of them.

    func must be pure (no database): the workers share the parent's connection's socket.
    """
    segmenter()  # load the dictionaries once, before forking, so every worker inherits them
    tagger()
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(items) < PARALLEL_FROM:
        yield from map(func, items)
        return
    # Pool.imap hands out every item at once and queues results as fast as the workers make them;
    # when the consumer (the database writer) is slower, they pile up in memory (past 14 GB while
    # importing 100,000 articles into PostgreSQL). Two windows in flight keep the workers busy and
    # the memory bounded (1.3 GB for the same run, most of it the benchmark's own pages).
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        windows = deque()
        for start in range(0, len(items), WINDOW):
            windows.append(pool.imap(func, items[start : start + WINDOW], chunksize=16))
            if len(windows) == 2:
                yield from windows.popleft()
        while windows:
            yield from windows.popleft()


def import_file(pages, table, name, originals=None, workers=None, progress=None, dry_run=False) -> Counter:
    """A file's pages in one transaction, with the originals they were made from: when anything
    fails, nothing of the file is kept, neither rows nor stored files (a dry run keeps nothing)."""
    written = []
    try:
        with transaction.atomic():
            counts = import_pages(pages, table, name, workers, progress)
            if dry_run:
                transaction.set_rollback(True)
            elif originals is not None:
                keep_originals(originals.captures, written)
    except BaseException:
        discard_originals(written)
        raise
    return counts


def import_pages(items, table, imported_from="", workers=None, progress=None) -> Counter:
    """Save (page, raw_hash) pairs in the caller's transaction; count the outcomes."""
    counts, batch, sources, analyzed = Counter(), [], {}, 0
    merging = backend().bulk_writing() if len(items) >= PARALLEL_FROM else nullcontext()
    with page_cache(len(items)), merging:
        for item in prepared(items, table, workers):
            batch.append(item)
            if len(batch) == BATCH:
                counts.update(save_batch(batch, table, imported_from, sources))
                batch = []
                created = counts[Outcome.CREATED]
                if created and created >= 2 * analyzed:  # after the first batch, then at each doubling
                    analyzed = created
                    backend().refresh_statistics(created)
            if progress:
                progress.step(imported_from)
        counts.update(save_batch(batch, table, imported_from, sources))
    Document.objects.expire_due()
    if counts[Outcome.CREATED]:
        Generation.bump()  # bulk_create sends no signals
    return counts


@contextmanager
def page_cache(pages: int):
    """A larger SQLite page cache while many pages are written: the B-trees of the index and of
    the fingerprint bands take keys in random order, and with SQLite's default 2 MB cache each
    insert into a large tree read its pages again (the band inserts alone were a fifth of a
    100,000-article import). Restored afterwards, so a web process keeps the small default."""
    if connection.vendor != "sqlite" or pages < PARALLEL_FROM:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def save_batch(batch: list[Prepared], table, imported_from, sources) -> list[Outcome]:
    digests = [p.digest for p in batch]
    known = set(Article.objects.filter(content_hash__in=digests).values_list("content_hash", flat=True))
    copies = Copy.objects.filter(
        Q(url__in=[p.page.url for p in batch if p.page.url]) | Q(raw_hash__in=[p.raw_hash for p in batch])
    ).values_list("url", "raw_hash", "article__content_hash")
    urls = {url: digest for url, _, digest in copies if url}
    captured = {(raw, digest) for url, raw, digest in copies if not url}
    outcomes, new = [], []
    for item in batch:
        url = item.page.url
        if (url and urls.get(url) == item.digest) or (not url and (item.raw_hash, item.digest) in captured):
            outcome = Outcome.UNCHANGED  # this very copy is archived already
        elif item.digest in known or (url and url in urls):
            _write_new(new, table, imported_from, sources)
            new = []
            outcome, _ = save_page(item.page, table, item.raw_hash, imported_from, sources, prepared=item)
        else:
            new.append(item)
            outcome = Outcome.CREATED
        known.add(item.digest)
        if url:
            urls[url] = item.digest  # what the address shows now
        else:
            captured.add((item.raw_hash, item.digest))
        outcomes.append(outcome)
    _write_new(new, table, imported_from, sources)
    return outcomes


def _write_new(items: list[Prepared], table, imported_from, sources) -> None:
    if not items:
        return
    articles = []
    for item in items:
        article = Article()
        fill_article(article, item.page, sources)
        article.derive_fields()
        articles.append(article)
    Article.objects.bulk_create(articles)
    Copy.objects.bulk_create(
        [Copy.for_page(a, i.page, i.raw_hash, imported_from) for a, i in zip(articles, items, strict=True)]
    )
    names = {name for item in items for name in item.found.agencies}
    agencies = dict(Agency.objects.filter(name__in=names).values_list("name", "pk"))
    extracted = AgencyMention.Origin.EXTRACTED
    insert_rows(
        AgencyMention._meta.db_table,
        ["article_id", "agency_id", "count", "origin"],
        [
            (a.pk, agencies[name], n, extracted)
            for a, i in zip(articles, items, strict=True)
            for name, n in i.found.agencies.items()
        ],
    )
    known = campaigns_named(name for item in items for name in [*item.found.campaigns, *item.found.suggested])
    insert_rows(
        CampaignMention._meta.db_table,
        ["article_id", "campaign_id", "count", "origin"],
        [
            (article.pk, campaign_id, n, extracted)
            for article, item in zip(articles, items, strict=True)
            for campaign_id, n in campaign_ids(item.found, known).items()
        ],
    )
    backend().write_rows([(a.pk, *i.tokens) for a, i in zip(articles, items, strict=True)])
    figure_store.write([(a.pk, i.figures) for a, i in zip(articles, items, strict=True)])
    reprints.store([(a.pk, i.fingerprint) for a, i in zip(articles, items, strict=True)], new=True)
    reprints.link([a.pk for a in articles])
    for article, item in zip(articles, items, strict=True):
        if item.document is not None:
            document_store.save_record(article, item.document, item.page.fields)
