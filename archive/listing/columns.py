"""The published articles' facet fields as columns in memory, for counting over matched ids.

Counting agencies, campaigns, sources and years over tens of thousands of matched articles is a
join over hundreds of thousands of mention rows in SQL; here it is a bincount over arrays. The
columns are read once per archive generation (see Generation) and shared by every request of the
process: about 30 bytes an article plus 4 a mention (some 40 MB at a million articles).

The list page, the API, the feed and the exports all filter here (engine.py's Listing, behind
ArticleFilter); tests/oracle.py states the same filters in the ORM, and a test holds the two to the
same answers.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

import numpy as np

from ..documents.models import Document, Issuer, Validity
from ..models import SHANGHAI, AgencyMention, Article, CampaignMention
from .models import Generation

NO_DATE = np.iinfo(np.int64).min
CHUNK = 20_000  # rows read into memory at once while loading
# A query matching at least FREQUENT articles has its matches kept with the generation's columns
# (as a bit per article), the KEPT most recently asked: a search engine's cache of its frequent
# terms. Fetching 800,000 ids and finding their positions is most of a broad query's time.
FREQUENT = 10_000
# A relevance order over at least FREQUENT_HEAD matches (filters applied), or of a frequent query
# however narrowed, keeps its title matches and whether its ranked head's words are words: reading
# them costs the same however the matches were narrowed (12.8 and 6.1 ms at 100,000 articles for
# 发展 among the 通知 in force).
FREQUENT_HEAD = 1_000
KEPT = 64
# Asia/Shanghai has kept UTC+8 without daylight saving since 1991-09-15: later months are arithmetic.
FIXED_OFFSET_SINCE = int(datetime(1991, 9, 16, tzinfo=SHANGHAI).timestamp())
VALIDITY = ("", *Validity.values)  # a document's validity by code; 0: not a policy document


@dataclass
class Columns:
    generation: int
    ids: np.ndarray  # article ids, ascending
    year: np.ndarray
    month: np.ndarray  # 1-12 in Beijing time, 0 for none
    source: np.ndarray  # source id, 0 for none
    published: np.ndarray  # epoch seconds, NO_DATE for none
    newest: np.ndarray  # rank in newest-first order (published desc, nulls last, id desc)
    oldest: np.ndarray  # rank in oldest-first order (published asc, nulls last, id asc)
    reprint: np.ndarray  # a later member of a reprint family (archive/reprints/)
    agency_of: np.ndarray  # per active agency mention: agency id
    agency_doc: np.ndarray  # per active agency mention: article position
    campaign_of: np.ndarray
    campaign_doc: np.ndarray
    issuer_of: np.ndarray  # per issuer of a policy document: agency id
    issuer_doc: np.ndarray  # per issuer of a policy document: article position
    doc_type: np.ndarray  # a policy document's 文种: its index in doc_types, 0 for none (news, or not read)
    validity: np.ndarray  # a policy document's validity: its index in VALIDITY, 0 for news
    doc_types: tuple = ("",)  # the 文种 words, by code
    _frequent: OrderedDict = field(default_factory=OrderedDict, repr=False)  # see FREQUENT
    _frequent_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def kept(self, key):
        """What keep() kept under key for this generation, or None."""
        with self._frequent_lock:
            value = self._frequent.get(key)
            if value is not None:
                self._frequent.move_to_end(key)
            return value

    def keep(self, key, value) -> None:
        """Keep a frequent query's answer for this generation, the KEPT most recent (a new
        generation starts empty)."""
        with self._frequent_lock:
            self._frequent[key] = value
            while len(self._frequent) > KEPT:
                self._frequent.popitem(last=False)

    def matched(self, key, fetch, keep: bool = False) -> np.ndarray:
        """The mask of the articles a query matches; fetch() gives their ids from the index. The
        masks of frequent queries are kept, a bit an article (and any mask, with keep)."""
        packed = self.kept(key)
        if packed is not None:
            return np.unpackbits(packed, count=len(self.ids)).view(bool)
        mask = self.mask(self.positions(fetch()))
        if keep or mask.sum() >= FREQUENT:
            self.keep(key, np.packbits(mask))
        return mask

    def positions(self, ids) -> np.ndarray:
        """Positions of those ids that are published articles (in the order given)."""
        ids = np.fromiter(ids, dtype=np.int64) if not isinstance(ids, np.ndarray) else ids
        if not len(ids) or not len(self.ids):
            return np.empty(0, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
        return at[self.ids[at] == ids]

    def mask(self, positions=None) -> np.ndarray:
        if positions is None:
            return np.ones(len(self.ids), dtype=bool)
        mask = np.zeros(len(self.ids), dtype=bool)
        mask[positions] = True
        return mask

    def having(self, of, doc, wanted) -> np.ndarray:
        """Articles with a mention of any of the wanted entity ids."""
        mask = np.zeros(len(self.ids), dtype=bool)
        mask[doc[np.isin(of, list(wanted))]] = True
        return mask

    def count_mentions(self, of, doc, mask) -> dict[int, int]:
        counts = np.bincount(of[mask[doc]])
        return {int(pk): int(n) for pk in np.flatnonzero(counts) for n in [counts[pk]]}

    @staticmethod
    def count_values(values, mask) -> dict[int, int]:
        found, counts = np.unique(values[mask], return_counts=True)
        return {int(v): int(n) for v, n in zip(found, counts, strict=True)}


def _epoch(moment: datetime | None) -> int:
    return int(moment.timestamp()) if moment else NO_DATE


def _or_zero(value) -> int:
    return value or 0


def load(generation: int) -> Columns:
    rows = Article.objects.published().order_by("pk")
    rows = rows.values_list("pk", "year", "source_id", "published_at", "family_id")
    ids, year, source, published, family = read_columns(
        rows,
        np.int64,
        (np.int32, _or_zero),
        (np.int64, _or_zero),
        (np.int64, _epoch),
        (np.int64, _or_zero),
    )
    reprint = (family != 0) & (family != ids)
    dated = published != NO_DATE
    # lexsort: last key first. Newest: dated first, published desc, id desc.
    newest_order = np.lexsort((-ids, -published, ~dated))
    oldest_order = np.lexsort((ids, published, ~dated))
    columns = Columns(
        generation=generation,
        ids=ids,
        year=year,
        month=_months(published),
        source=source,
        published=published,
        newest=_ranks(newest_order),
        oldest=_ranks(oldest_order),
        reprint=reprint,
        agency_of=np.empty(0, dtype=np.int64),
        agency_doc=np.empty(0, dtype=np.int64),
        campaign_of=np.empty(0, dtype=np.int64),
        campaign_doc=np.empty(0, dtype=np.int64),
        issuer_of=np.empty(0, dtype=np.int64),
        issuer_doc=np.empty(0, dtype=np.int64),
        doc_type=np.zeros(len(ids), dtype=np.int16),
        validity=np.zeros(len(ids), dtype=np.int8),
    )
    columns.agency_of, columns.agency_doc = _mentions(AgencyMention, "agency_id", ids)
    columns.campaign_of, columns.campaign_doc = _mentions(CampaignMention, "campaign_id", ids)
    _documents(columns)
    return columns


def _documents(columns: Columns) -> None:
    """The policy documents' 文种, validity and issuers, at their articles' positions."""
    ids = columns.ids
    documents = Document.objects.order_by()
    kinds = {"": 0} | {
        kind: 0 for kind in sorted(documents.exclude(doc_type="").values_list("doc_type", flat=True).distinct())
    }
    columns.doc_types = tuple(kinds)
    code = {kind: at for at, kind in enumerate(columns.doc_types)}
    validity = {value: at for at, value in enumerate(VALIDITY)}
    pks, doc_type, valid = read_columns(
        documents.values_list("article_id", "doc_type", "validity"),
        np.int64,
        (np.int16, code.__getitem__),
        (np.int8, lambda value: validity.get(value, 0)),
    )
    if len(pks) and len(ids):
        at = np.minimum(np.searchsorted(ids, pks), len(ids) - 1)
        keep = ids[at] == pks
        columns.doc_type[at[keep]] = doc_type[keep]
        columns.validity[at[keep]] = valid[keep]
    issuers = Issuer.objects.order_by().values_list("document_id", "agency_id")
    columns.issuer_of, columns.issuer_doc = pairs_at(issuers, ids)


def _months(published: np.ndarray) -> np.ndarray:
    """The month of each date in Beijing time (the article's year is Beijing time too)."""
    month = np.zeros(len(published), dtype=np.int8)
    dated = published != NO_DATE
    fixed = dated & (published >= FIXED_OFFSET_SINCE)
    since_1970 = (published[fixed] + 8 * 3600).astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
    month[fixed] = since_1970 % 12 + 1
    for at in np.flatnonzero(dated & ~fixed):  # the few older dates, through the time zone rules
        month[at] = datetime.fromtimestamp(int(published[at]), SHANGHAI).month
    return month


def _ranks(order: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(len(order))
    return ranks


def _mentions(model, field, ids):
    return pairs_at(model.objects.active().values_list("article_id", field), ids)


def pairs_at(rows, ids):
    """(owner id, other id) rows as the other ids and the positions of their owners in ids (sorted);
    rows whose owner is not in ids (an unpublished article, a figure not kept) drop out."""
    owners, others = read_columns(rows, np.int64, np.int64)
    if not len(owners) or not len(ids):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    at = np.minimum(np.searchsorted(ids, owners), len(ids) - 1)
    keep = ids[at] == owners
    return others[keep], at[keep]


def read_columns(rows, *columns, chunk: int = CHUNK) -> list[np.ndarray]:
    """A values_list query's rows as one array per column, read CHUNK rows at a time. A column is a
    dtype, or (dtype, a function of one value). Never a Python object per value for the whole table:
    at a million articles such lists (seven values for each of some 6 million figures) held the
    process at several GB, and freed Python objects do not all go back to the system."""
    specs = [column if isinstance(column, tuple) else (column, None) for column in columns]
    parts = [[] for _ in specs]
    iterator = rows.iterator(chunk_size=chunk)
    while batch := list(islice(iterator, chunk)):
        for part, values, (dtype, convert) in zip(parts, zip(*batch, strict=True), specs, strict=True):
            part.append(np.array(values if convert is None else [convert(v) for v in values], dtype=dtype))
        del batch
    return [
        np.concatenate(part) if part else np.empty(0, dtype=dtype)
        for part, (dtype, _) in zip(parts, specs, strict=True)
    ]


class PerGeneration:
    """What load(generation) builds, built once per archive generation and shared by the threads of
    a process; any change to the archive draws a new generation, so it is read anew after one."""

    def __init__(self, load):
        self.load, self.value, self.lock = load, None, threading.Lock()

    def __call__(self):
        generation = Generation.current()
        if self.value is None or self.value.generation != generation:
            with self.lock:
                if self.value is None or self.value.generation != generation:
                    self.value = self.load(generation)
        return self.value

    def reset(self) -> None:
        self.value = None


current = PerGeneration(load)  # the columns of this archive generation


def local_epoch(day) -> int:
    return int(datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI).timestamp())
