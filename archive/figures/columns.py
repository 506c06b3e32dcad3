"""The figures' facet fields as columns in memory, as listing/columns.py holds the articles'.

At 20,000 articles the archive holds some 120,000 figures, and the figures page's facet counts in
SQL (joins of figures, mentions and articles, each under every filter but its own) took 1.2-2.1 s
on SQLite. Here they are bincounts over arrays: the figures of published articles not marked wrong,
their year, unit, metric, value and place, the agencies and campaigns their sentences name, and the
position of their article in the articles' columns (for the article-level agencies and campaigns
and the newest-first order). Read once per archive generation. The figures page, the series
page, the CSV and export_figures all filter here; tests/oracle.py states FigureFilter's rules in
the ORM, and a test holds the two to the same answers.
"""

import re
from dataclasses import dataclass, field

import numpy as np

from ..listing import columns as article_columns
from ..search.tokenize import normalise
from .models import Figure, MetricVariant


@dataclass
class FigureColumns:
    generation: int
    ids: np.ndarray  # figure ids, ascending
    article: np.ndarray  # the article's position in the articles' columns
    start: np.ndarray
    year: np.ndarray  # 0 for none
    unit: np.ndarray  # index into units
    metric: np.ndarray  # index into metrics
    value: np.ndarray  # float64: for ordering only; pages show the exact decimal
    units: list[str]
    metrics: list[str]
    agency_of: np.ndarray  # per agency its sentence names: agency id
    agency_fig: np.ndarray  # ... and the figure's position
    campaign_of: np.ndarray
    campaign_fig: np.ndarray
    names_agency: np.ndarray  # the sentence names some agency
    names_campaign: np.ndarray
    articles: article_columns.Columns
    _metric_index: dict | None = None
    _blob: str | None = None
    _starts: np.ndarray | None = None
    _orders: dict = field(default_factory=dict)  # every figure's position, by sort (see order)

    def named_or_mentioned(self, kind: str, wanted: set[int]) -> np.ndarray:
        """Figures whose sentence names one of the wanted agencies (or campaigns), or whose
        sentence names none and whose article mentions one: FigureFilter's rule."""
        of, fig, names_any = getattr(self, f"{kind}_of"), getattr(self, f"{kind}_fig"), getattr(self, f"names_{kind}")
        mask = np.zeros(len(self.ids), dtype=bool)
        mask[fig[np.isin(of, list(wanted))]] = True
        docs = self.articles.having(getattr(self.articles, f"{kind}_of"), getattr(self.articles, f"{kind}_doc"), wanted)
        return mask | (~names_any & docs[self.article])

    def count_named_or_mentioned(self, kind: str, mask: np.ndarray) -> dict[int, int]:
        of, fig, names_any = getattr(self, f"{kind}_of"), getattr(self, f"{kind}_fig"), getattr(self, f"names_{kind}")
        counts = self.articles.count_mentions(of, fig, mask)
        unnamed_per_doc = np.bincount(self.article[mask & ~names_any], minlength=len(self.articles.ids))
        doc_of, doc = getattr(self.articles, f"{kind}_of"), getattr(self.articles, f"{kind}_doc")
        weights = unnamed_per_doc[doc]
        if len(doc_of):
            by_entity = np.bincount(doc_of, weights=weights)
            for pk in np.flatnonzero(by_entity):
                counts[int(pk)] = counts.get(int(pk), 0) + int(by_entity[pk])
        return counts

    def order(self, sort: str) -> np.ndarray:
        """Every figure's position in a sort's order, sorted once per generation: a listing's
        order is then this one with its mask applied, not a sort of its matches per request (a
        lexsort of 600,000 figures took some 100 ms a page)."""
        if sort not in self._orders:
            ids = self.ids
            if sort == "value":
                order = np.lexsort((ids, self.value))
            elif sort == "-value":
                order = np.lexsort((ids, -self.value))
            elif sort == "year":
                year = np.where(self.year > 0, self.year, np.iinfo(np.int32).max)
                order = np.lexsort((ids, -self.value, year))
            else:  # newest article first, then its figures in the order of its text
                order = np.lexsort((ids, self.start, self.articles.newest[self.article]))
            self._orders[sort] = order.astype(np.int32)  # positions: half the memory of lexsort's int64
        return self._orders[sort]

    @property
    def metric_index(self) -> dict[str, int]:
        if self._metric_index is None:
            self._metric_index = {m: i for i, m in enumerate(self.metrics)}
        return self._metric_index

    def metric_mask(self, names) -> np.ndarray:
        """Figures whose metric is one of these names."""
        wanted = set(names)
        return np.array([m in wanted for m in self.metrics], dtype=bool)[self.metric]

    def metric_words(self, words) -> np.ndarray:
        """Figures whose metric contains every one of the words (each in any of its forms): the
        metrics are searched as one text, a line each, so that str.find does the scanning."""
        if self._blob is None:
            self._blob = "\n".join(self.metrics)
            self._starts = np.cumsum([0] + [len(m) + 1 for m in self.metrics[:-1]])
        vocabulary = np.ones(len(self.metrics), dtype=bool)
        for forms in words:
            found = np.zeros(len(self.metrics), dtype=bool)
            for form in forms - {""}:
                if "\n" in form:
                    continue
                hits = [m.start() for m in re.finditer(re.escape(form), self._blob)]
                found[np.searchsorted(self._starts, hits, side="right") - 1] = True
            vocabulary &= found
        return vocabulary[self.metric]


def load(generation: int) -> FigureColumns:
    articles = article_columns.current()
    rows = Figure.objects.exclude(review=Figure.Review.WRONG).order_by("pk")
    rows = rows.values_list("pk", "article_id", "start", "year", "unit", "metric", "value")
    units, metrics = {}, {}
    ids, article_ids, start, year, unit, metric, value = article_columns.read_columns(
        rows,
        np.int64,
        np.int64,
        np.int32,
        (np.int32, lambda y: y or 0),
        (np.int32, lambda u: units.setdefault(u, len(units))),
        (np.int32, lambda m: metrics.setdefault(m, len(metrics))),
        (np.float64, float),
    )
    at = np.minimum(np.searchsorted(articles.ids, article_ids), max(len(articles.ids) - 1, 0))
    published = articles.ids[at] == article_ids if len(articles.ids) else np.zeros(len(ids), dtype=bool)
    keep = np.flatnonzero(published)  # figures of drafts and withdrawn articles drop out
    ids = ids[keep]
    agency_of, agency_fig = _named(Figure.agencies.through, "agency_id", ids)
    campaign_of, campaign_fig = _named(Figure.campaigns.through, "campaign_id", ids)
    return FigureColumns(
        generation=generation,
        ids=ids,
        article=at[keep].astype(np.int32),
        start=start[keep],
        year=year[keep],
        unit=unit[keep],
        metric=metric[keep],
        value=value[keep],
        units=list(units),
        metrics=list(metrics),
        agency_of=agency_of,
        agency_fig=agency_fig,
        campaign_of=campaign_of,
        campaign_fig=campaign_fig,
        names_agency=_any(agency_fig, len(ids)),
        names_campaign=_any(campaign_fig, len(ids)),
        articles=articles,
    )


def _named(through, field, ids):
    return article_columns.pairs_at(through.objects.values_list("figure_id", field), ids)


def _any(positions, n) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[positions] = True
    return mask


def series_names() -> dict[str, str]:
    return dict(MetricVariant.objects.values_list("name", "series"))


class FigureListing:
    """A valid FigureFilter's figures, ordered and counted over the columns."""

    def __init__(self, cleaned: dict, columns: FigureColumns | None = None):
        self.cleaned = cleaned
        self.columns = columns or current()
        self.words = [{w.lower(), normalise(w)} for w in (cleaned.get("q") or "").split()]
        self.series = normalise(cleaned.get("series") or "")
        self._masks = {}

    def mask(self, *skip: str) -> np.ndarray:
        if skip in self._masks:
            return self._masks[skip]
        c, data = self.columns, self.cleaned
        mask = np.ones(len(c.ids), dtype=bool)
        if self.words and "q" not in skip:
            mask &= c.metric_words(self.words)
        for kind in ("agency", "campaign"):
            if data.get(kind) and kind not in skip:
                mask &= c.named_or_mentioned(kind, {e.pk for e in data[kind]})
        if data.get("year") and "year" not in skip:
            mask &= np.isin(c.year, [int(y) for y in data["year"]])
        if data.get("year_from") is not None:
            mask &= c.year >= data["year_from"]
        if data.get("year_to") is not None:
            mask &= (c.year <= data["year_to"]) & (c.year > 0)
        if data.get("unit") and "unit" not in skip:
            code = c.units.index(data["unit"]) if data["unit"] in c.units else -1
            mask &= c.unit == code
        if self.series:
            mask &= c.metric_mask(MetricVariant.names_of(self.series))
        self._masks[skip] = mask
        return mask

    @property
    def count(self) -> int:
        return int(self.mask().sum())

    def ordered_ids(self, sort: str = "newest") -> np.ndarray:
        c = self.columns
        order = c.order(sort if sort in ("value", "-value", "year") else "newest")
        return c.ids[order[self.mask()[order]]]

    def main_unit(self) -> str | None:
        """The unit most of the figures are in (ties: the first unit by name), None without figures."""
        c = self.columns
        counts = c.articles.count_values(c.unit, self.mask())
        if not counts:
            return None
        return c.units[min(counts, key=lambda code: (-counts[code], c.units[code]))]

    def yearly_peaks(self, ids: np.ndarray, unit: str | None) -> tuple[int, list[int]]:
        """Of these ids in the "year" order (year, largest value, lowest id): how many are in this
        unit, and for each of their years, oldest first, the id of the largest (its first)."""
        c = self.columns
        at = np.searchsorted(c.ids, ids)
        in_unit = c.unit[at] == (c.units.index(unit) if unit in c.units else -1)
        charted = in_unit & (c.year[at] > 0)
        _years, first = np.unique(c.year[at][charted], return_index=True)
        return int(in_unit.sum()), [int(pk) for pk in ids[charted][first]]

    def facets(self) -> dict[str, dict]:
        c = self.columns
        units = c.articles.count_values(c.unit, self.mask("unit"))
        years = c.articles.count_values(c.year, self.mask("year"))
        return {
            "unit": {c.units[code]: n for code, n in units.items() if c.units[code]},
            "year": {year: n for year, n in years.items() if year},
            "agency": c.count_named_or_mentioned("agency", self.mask("agency")),
            "campaign": c.count_named_or_mentioned("campaign", self.mask("campaign")),
        }

    def top_series(self, rows: int) -> list[tuple[str, int]]:
        """The series with the most figures here: (name, figures), a curator's linked wordings
        counted with their series."""
        c = self.columns
        counts = np.bincount(c.metric[self.mask()], minlength=len(c.metrics)).astype(np.int64)
        totals = {}
        for name, series in series_names().items():  # the linked wordings: a curated, short list
            at = c.metric_index.get(name)
            if at is not None and counts[at]:
                totals[series] = totals.get(series, 0) + int(counts[at])
                counts[at] = 0
        empty = c.metric_index.get("")
        if empty is not None:
            counts[empty] = 0
        best = np.argsort(-counts, kind="stable")[: rows + len(totals)]
        for at in best:
            if counts[at]:
                totals[c.metrics[at]] = totals.get(c.metrics[at], 0) + int(counts[at])
        return sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:rows]


current = article_columns.PerGeneration(load)  # the figures' columns of this archive generation
