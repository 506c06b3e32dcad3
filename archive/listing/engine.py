"""One search, answered from the index and the in-memory columns: the ordered ids of the matching
articles and the facet counts, each facet counted under every filter but its own."""

import hashlib
from datetime import datetime, timedelta

import numpy as np

from ..documents.models import Document
from ..documents.numbers import number_key
from ..models import SHANGHAI, Agency, Bilingual, Campaign, Source
from ..search import backend
from . import columns

FACETS = ("agency", "campaign", "source", "year", "reprint", "issuer", "doc_type", "validity")
RANKED = 2000  # the matches whose words are checked for relevance (a hundred pages of twenty)


class Listing:
    def __init__(self, cleaned: dict, query, sort: str):
        self.columns = cols = columns.current()
        self.query, self.sort = query, sort
        search = backend()
        if query.is_empty:
            self.base = cols.mask()
        else:
            sql, params = search.match(query)
            self.base = cols.matched((sql, repr(params)), lambda: search.ids(sql, params))
        # A query that is a document number finds that document, whatever its words, and puts it first.
        self.numbered = cols.mask(cols.positions(numbered(cleaned.get("q"))))
        self.base |= self.numbered
        self.masks = self._filter_masks(cleaned)
        self.final = self.matching()

    def _filter_masks(self, cleaned) -> dict:
        cols, masks = self.columns, {}
        if cleaned.get("agency"):
            masks["agency"] = cols.having(cols.agency_of, cols.agency_doc, {a.pk for a in cleaned["agency"]})
        if cleaned.get("campaign"):
            masks["campaign"] = cols.having(cols.campaign_of, cols.campaign_doc, {c.pk for c in cleaned["campaign"]})
        if cleaned.get("source"):
            masks["source"] = np.isin(cols.source, [s.pk for s in cleaned["source"]])
        if cleaned.get("year"):
            masks["year"] = np.isin(cols.year, [int(y) for y in cleaned["year"]])
        if cleaned.get("issuer"):
            masks["issuer"] = cols.having(cols.issuer_of, cols.issuer_doc, {a.pk for a in cleaned["issuer"]})
        if cleaned.get("doc_type"):
            masks["doc_type"] = np.isin(cols.doc_type, codes(cols.doc_types, cleaned["doc_type"]))
        if cleaned.get("validity"):
            masks["validity"] = np.isin(cols.validity, codes(columns.VALIDITY, cleaned["validity"]))
        chosen = set(cleaned.get("reprint") or ())
        if chosen and chosen != {"original", "reprint"}:
            masks["reprint"] = cols.reprint if chosen == {"reprint"} else ~cols.reprint
        dated = cols.published != columns.NO_DATE
        if cleaned.get("date_from"):
            masks["date_from"] = dated & (cols.published >= columns.local_epoch(cleaned["date_from"]))
        if cleaned.get("date_to"):
            masks["date_to"] = dated & (cols.published < columns.local_epoch(cleaned["date_to"] + timedelta(days=1)))
        return masks

    def matching(self, *skip: str) -> np.ndarray:
        """The matches under every filter but those skipped."""
        mask = self.base.copy()
        for name, other in self.masks.items():
            if name not in skip:
                mask &= other
        return mask

    @property
    def count(self) -> int:
        return int(self.final.sum())

    def ordered_ids(self) -> np.ndarray:
        """In the chosen order, the document a number query names first."""
        positions = self._ordered(np.flatnonzero(self.final))
        first = self.numbered[positions]
        return self.columns.ids[np.concatenate([positions[first], positions[~first]])]

    def _ordered(self, positions) -> np.ndarray:
        cols = self.columns
        if self.sort == "oldest":
            return positions[np.argsort(cols.oldest[positions], kind="stable")]
        if self.sort == "relevance" and self.query.terms:
            return self._by_relevance(positions)
        return positions[np.argsort(cols.newest[positions], kind="stable")]

    def _by_relevance(self, positions: np.ndarray) -> np.ndarray:
        """Title matches first, then exact word matches, then newest. Whether the words are words
        is read for the first RANKED articles by title and date only (the pages anyone reads):
        past them, the order is title matches, then newest."""
        cols, search = self.columns, backend()
        # A frequent query, or a long ranked head however it was narrowed, keeps both lookups below.
        frequent = len(positions) >= columns.FREQUENT_HEAD or self.base.sum() >= columns.FREQUENT
        sql, params = search.title_match(self.query)
        elsewhere = ~cols.matched(("title", sql, repr(params)), lambda: search.ids(sql, params), frequent)[positions]
        order = np.lexsort((cols.newest[positions], elsewhere))
        positions, elsewhere = positions[order], elsewhere[order]
        head, tail = positions[:RANKED], positions[RANKED:]
        sql, params = search.word_match(self.query, among=cols.ids[head])
        # A ranked head is the same for everyone who asks its query with the same filters:
        # whether its words are words is kept for it (reading them for 2,000 rows was most of a
        # broad query's time).
        key = ("words", repr(self.query), hashlib.blake2b(head.tobytes(), digest_size=16).digest())
        as_words = cols.kept(key) if frequent else None
        if as_words is None:
            as_words = np.isin(cols.ids[head], search.ids(sql, params))
            if frequent:
                cols.keep(key, as_words)
        head = head[np.lexsort((cols.newest[head], ~as_words, elsewhere[:RANKED]))]
        return np.concatenate([head, tail])

    def per_year(self) -> dict[int, int]:
        """Matches per year, counted like the year facet: under every filter but the year."""
        cols = self.columns
        return cols.count_values(cols.year, self.matching("year") & (cols.year > 0))

    def per_month(self, year: int) -> dict[int, int]:
        """Matches per month (1-12) of one year, under every filter but the date range."""
        cols = self.columns
        return cols.count_values(cols.month, self.matching("date_from", "date_to") & (cols.year == year))

    def mentioned_with(self, facet: str) -> dict[int, int]:
        """Matches per agency (or campaign) they mention, counted like that facet."""
        cols = self.columns
        of, doc = getattr(cols, f"{facet}_of"), getattr(cols, f"{facet}_doc")
        return cols.count_mentions(of, doc, self.matching(facet))

    def date_span(self) -> tuple[datetime, datetime] | tuple[None, None]:
        """The first and last publication time of the matches."""
        published = self.columns.published[self.final]
        published = published[published != columns.NO_DATE]
        if not len(published):
            return None, None
        return tuple(datetime.fromtimestamp(int(e), SHANGHAI) for e in (published.min(), published.max()))

    def facet_counts(self) -> dict[str, list[tuple[str, str, int]]]:
        cols = self.columns
        agencies = labels(Agency.objects.all())
        campaigns = labels(Campaign.objects.filter(status=Campaign.Status.CONFIRMED))
        sources = labels(Source.objects.all())
        return {
            "agency": top_rows(self.mentioned_with("agency"), agencies),
            "campaign": top_rows(self.mentioned_with("campaign"), campaigns),
            "source": top_rows(cols.count_values(cols.source, self.matching("source")), sources),
            "year": [(str(y), str(y), n) for y, n in sorted(self.per_year().items(), reverse=True)],
            "reprint": _reprint_counts(cols.reprint[self.matching("reprint")]),
            "issuer": top_rows(cols.count_mentions(cols.issuer_of, cols.issuer_doc, self.matching("issuer")), agencies),
            "doc_type": _coded_rows(cols.doc_type, self.matching("doc_type"), cols.doc_types, by_count=True),
            "validity": _coded_rows(cols.validity, self.matching("validity"), columns.VALIDITY),
        }


def codes(words, chosen) -> list[int]:
    """The codes of the chosen words in a column's vocabulary (a word not in it matches nothing)."""
    at = {word: code for code, word in enumerate(words) if word}
    return [at[word] for word in chosen if word in at]


def _coded_rows(column, mask, words, by_count=False) -> list[tuple[str, str, int]]:
    """(word, word, count) per code but 0 (not a document) among the masked: the most first (ties by
    word), or in the vocabulary's order. The label is the key here, translated when shown."""
    counts = np.bincount(column[mask].astype(np.int64), minlength=len(words))
    rows = [(words[code], words[code], int(counts[code])) for code in range(1, len(words)) if counts[code]]
    return sorted(rows, key=lambda row: (-row[2], row[0])) if by_count else rows


def numbered(text: str | None) -> list[int]:
    """The documents whose number the text is, written any way: 国办发[2021]84号, 国办发（2021）84号
    and 国办发〔2021〕第84号 are one number."""
    key = number_key((text or "").strip().strip('"“”'))
    return list(Document.objects.numbered(key).values_list("pk", flat=True)) if key else []


def _reprint_counts(reprint: np.ndarray) -> list[tuple[str, str, int]]:
    """Originals and reprints; the label is the key here, translated when shown."""
    counts = {"original": int(len(reprint) - reprint.sum()), "reprint": int(reprint.sum())}
    return [(key, key, n) for key, n in counts.items() if n]


def labels(queryset) -> dict[int, tuple[str, str]]:
    """(slug, name as shown) by id: an agency's or campaign's English name on English pages."""
    english = issubclass(queryset.model, Bilingual) and Bilingual.english()
    rows = queryset.values_list("pk", "slug", "name", "name_en" if english else "name")
    return {pk: (slug, shown or name) for pk, slug, name, shown in rows}


def top_rows(counts: dict[int, int], labels: dict, size: int = 30, keep=()) -> list[tuple[str, str, int]]:
    """(slug, name, count) of the size entities counted most (ties by name), and of any entity in
    keep (the chosen ones) beyond them; labels maps an id to its (slug, name)."""
    rows = sorted(((n, labels[pk]) for pk, n in counts.items() if pk in labels), key=lambda r: (-r[0], r[1][1]))
    rows = rows[:size]
    shown = {slug for _, (slug, _name) in rows}
    rows += [(counts.get(pk, 0), labels[pk]) for pk in keep if pk in labels and labels[pk][0] not in shown]
    return [(slug, name, n) for n, (slug, name) in sorted(rows, key=lambda r: (-r[0], r[1][1]))]


def facet_items(rows, selected: set, multiple: bool = True) -> list[dict]:
    """Facet items from (key, label, count) rows: each links to the filter with its key added (or,
    when selected, removed); a single-valued filter's link replaces the key instead."""
    items = []
    for key, label, count in rows:
        chosen = key in selected
        if multiple:
            toggle = sorted(selected - {key}) if chosen else sorted(selected | {key})
        else:
            toggle = [] if chosen else [key]
        items.append({"key": key, "label": label, "count": count, "selected": chosen, "toggle": toggle})
    return items
