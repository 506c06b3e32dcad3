"""One harvest: the address fetched (conditionally), its article links found (a feed's items, or a
listing's links over `depth` pages), each new one fetched politely, written to the run's WARC as it
arrived, and imported with that response as its original. A line per URL; the run recorded.

A URL the archive holds already is not fetched again; a page that fails or holds no article is a
line and a count, and the run goes on."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from ..captures.capture import Originals
from ..captures.warc import WarcWriter
from ..ingest.bulk import import_file
from ..ingest.names import current_name_table
from ..ingest.page import Rejected
from ..ingest.save import Outcome
from ..ingest.warc import capture_page
from ..models import Copy
from .discover import FEED, feed_links, kind_of, listing_links
from .fetch import FETCHED, NOT_MODIFIED, Fetcher
from .models import Harvest, HarvestRun

# What a response that named no media type is written to the WARC as (as it arrived, it said none).
UNTYPED = "application/octet-stream"
CREATED, UNCHANGED, REPRINT, SKIPPED, REJECTED, FAILED = (
    "created",
    "unchanged",
    "reprint",
    "skipped",
    "rejected",
    "failed",
)


def fetcher() -> Fetcher:
    """The archive's fetcher, as settings describe it (README, Configuration)."""
    return Fetcher(
        settings.ARCHIVE_HARVEST_USER_AGENT,
        delay=settings.ARCHIVE_HARVEST_DELAY,
        timeout=settings.ARCHIVE_HARVEST_TIMEOUT,
        max_bytes=settings.ARCHIVE_HARVEST_MAX_BYTES,
        backoff=settings.ARCHIVE_HARVEST_BACKOFF,
    )


@dataclass
class Target:
    """What to harvest: a Harvest's settings, or an address given on the command line."""

    address: str
    kind: str = ""  # feed or listing; "" sniffs the answer
    article_pattern: str = ""
    next_pattern: str = ""
    depth: int = 1
    harvest: Harvest | None = None

    @classmethod
    def of(cls, harvest: Harvest):
        return cls(harvest.address, harvest.kind, harvest.article_pattern, harvest.next_pattern, harvest.depth, harvest)


@dataclass
class Result:
    run: HarvestRun
    counts: Counter = field(default_factory=Counter)
    out: Callable[[str], None] | None = None  # each line as it happens

    def say(self, url: str, outcome: str, reason: str = ""):
        self.counts[outcome] += 1
        if self.out:
            self.out(f"{url}: {outcome}" + (f" ({reason})" if reason else ""))
        if outcome in (REJECTED, FAILED):
            self.run.errors += f"{url}: {outcome}: {reason}\n"


def harvest(target: Target, client: Fetcher, say=None) -> Result:
    run = HarvestRun.objects.create(harvest=target.harvest, address=target.address)
    if target.harvest:
        Harvest.objects.filter(pk=target.harvest.pk).update(last_started_at=run.started_at)
    result = Result(run, out=say)
    folder = Path(settings.ARCHIVE_HARVEST_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{slugify(target.address)[:60]}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.warc.gz"
    with (folder / name).open("wb") as stream:
        writer = WarcWriter(stream, filename=name, description=f"policy-archive harvest of {target.address}")
        links = _links(target, client, writer, result)
        known = set(Copy.objects.filter(url__in=links).values_list("url", flat=True))
        table = current_name_table()  # once a run: the names do not change while it runs
        for link in links:
            if link in known:
                result.say(link, SKIPPED, "known")
            else:
                _harvest_page(link, client, writer, result, name, table)
    run.warc = name
    run.finished_at = timezone.now()
    run.fetched = result.counts["fetched"]
    run.created, run.unchanged, run.reprints = result.counts[CREATED], result.counts[UNCHANGED], result.counts[REPRINT]
    run.skipped, run.failed = result.counts[SKIPPED], result.counts[REJECTED] + result.counts[FAILED]
    run.save()
    return result


def _links(target, client, writer, result) -> list[str]:
    """The article links the address gives, fetching it (and a listing's next pages) first."""
    pages, links, seen = [target.address], [], set()
    while pages and len(seen) < max(1, target.depth):
        address = pages.pop(0)
        seen.add(address)
        first = address == target.address and target.harvest is not None
        known = {"etag": target.harvest.etag, "last_modified": target.harvest.last_modified} if first else {}
        answer = client.fetch(address, **known)
        if answer.outcome == NOT_MODIFIED:
            result.say(address, SKIPPED, "not modified")
            continue
        if answer.outcome != FETCHED:
            result.say(address, SKIPPED if answer.outcome == "skipped" else FAILED, answer.reason)
            continue
        result.counts["fetched"] += 1
        writer.write_capture(answer.capture, media_type=UNTYPED)
        if first:
            Harvest.objects.filter(pk=target.harvest.pk).update(etag=answer.etag, last_modified=answer.last_modified)
        body = answer.capture.body
        if (target.kind or kind_of(body, answer.capture.header("Content-Type"))) == FEED:
            links += [link.url for link in feed_links(body, answer.capture.url)]
            continue
        try:
            listing = listing_links(
                body, answer.capture.url, target.article_pattern or r".", target.next_pattern or None
            )
        except Rejected as error:
            result.say(address, FAILED, str(error))
            continue
        links += [link.url for link in listing.articles]
        for url in listing.off_site:
            result.say(url, SKIPPED, "off-site")
        pages += [url for url in listing.next_pages if url not in seen and url not in pages]
    return list(dict.fromkeys(links))


def _harvest_page(url, client, writer, result, warc_name, table):
    answer = client.fetch(url)
    if answer.outcome != FETCHED:
        result.say(url, SKIPPED if answer.outcome in ("skipped", NOT_MODIFIED) else FAILED, answer.reason)
        return
    result.counts["fetched"] += 1
    writer.write_capture(answer.capture, media_type=UNTYPED)
    if answer.capture.url != url and Copy.objects.filter(url=answer.capture.url).exists():
        result.say(url, SKIPPED, f"known as {answer.capture.url}")
        return
    try:
        page, raw_hash = capture_page(answer.capture)
        originals = Originals({raw_hash: answer.capture})
        counts = import_file([(page, raw_hash)], table, warc_name, originals, workers=1)
    except Rejected as error:
        result.say(url, REJECTED, str(error))
        return
    except Exception as error:  # nothing of this page was written; the run goes on
        result.say(url, REJECTED, f"{type(error).__name__}: {error}")
        return
    outcome = next(iter(counts))
    result.say(url, {Outcome.CREATED: CREATED, Outcome.REPRINT: REPRINT}.get(outcome, UNCHANGED))
