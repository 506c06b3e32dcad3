"""How a document travelled: the documents that cite or implement it (directly, and one hop further
through them), each placed by its issuers at a level and in a province, dated, and timed from the
cited document's own date. `diffusion_of` reads them in a fixed number of queries; the rest is pure.
"""

from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.db import models

from ..models import Article
from .levels import Level, Place, place_of_issuers
from .models import Citation, Document, Issuer


@dataclass
class Reach:
    """One document that cites the one diffused (directly, or through `via`)."""

    document: Document
    place: Place
    date: date | None
    lag: int | None  # days from the diffused document's date
    relation: str = Citation.Relation.CITES
    via: list[Document] = field(default_factory=list)  # for an indirect one: the direct ones it cites

    @property
    def indirect(self) -> bool:
        return bool(self.via)

    @property
    def relation_label(self) -> str:
        return Citation.Relation(self.relation).label


@dataclass
class LevelGroup:
    level: str
    label: str
    regions: list[tuple[str, list[Reach]]]  # (province or "", its documents by date)
    count: int
    median_lag: float | None


def diffusion_of(document: Document) -> list[Reach]:
    """The published documents citing this one, and those citing them, by date."""
    published = Article.Status.PUBLISHED
    direct = _citing(Citation.objects.filter(cited=document))
    second = _citing(Citation.objects.filter(cited__in=list(direct)).exclude(citing__in=[document.pk, *direct]))
    found = {pk: relation for pk, (relation, _) in direct.items()}
    vias = {}
    for pk, (_, via) in second.items():
        found.setdefault(pk, Citation.Relation.CITES)
        vias[pk] = via
    documents = (
        Document.objects.filter(pk__in=list(found), article__status=published)
        .select_related("article")
        .prefetch_related(models.Prefetch("issuer_rows", Issuer.objects.select_related("agency")))
    )
    by_pk = {d.pk: d for d in documents}
    origin = document.date
    reach = []
    for d in by_pk.values():
        when = d.date
        reach.append(
            Reach(
                document=d,
                place=place_of_issuers(d.issuer_names),
                date=when,
                lag=(when - origin).days if when and origin else None,
                relation=found[d.pk],
                via=[by_pk[v] for v in vias.get(d.pk, []) if v in by_pk],
            )
        )
    return sorted(reach, key=lambda r: (r.date or date.max, r.document.pk))


def _citing(citations) -> dict[int, tuple[str, list[int]]]:
    """citing document -> (its strongest relation, the documents it cites among these)."""
    found: dict[int, tuple[str, list[int]]] = {}
    for citing, cited, relation in citations.values_list("citing", "cited", "relation"):
        old, via = found.get(citing, (Citation.Relation.CITES, []))
        found[citing] = (relation if old == Citation.Relation.CITES else old, [*via, cited])
    return found


def by_level(reach: list[Reach]) -> list[LevelGroup]:
    """The documents grouped by level (中央 to 县级), in a level by province (the first to act
    first), each with its count and median lag; levels with none left out."""
    groups = []
    for level in Level:
        rows = [r for r in reach if r.place.level == level]
        if not rows:
            continue
        regions: dict[str, list[Reach]] = {}
        for row in rows:
            regions.setdefault(row.place.province, []).append(row)
        lags = [r.lag for r in rows if r.lag is not None]
        groups.append(LevelGroup(level, level.label, list(regions.items()), len(rows), median(lags) if lags else None))
    return groups


def per_period(reach: list[Reach]) -> dict:
    """The count per level over time, for the chart: by month when the dated documents span at most
    two years, by year otherwise; every period between the first and the last is present."""
    dated = [r for r in reach if r.date]
    if not dated:
        return {"periods": [], "series": []}
    first, last = min(r.date for r in dated), max(r.date for r in dated)
    monthly = (last.year - first.year) * 12 + last.month - first.month < 24
    if monthly:
        periods, at = [], (first.year, first.month)
        while at <= (last.year, last.month):
            periods.append(f"{at[0]}-{at[1]:02d}")
            at = (at[0] + at[1] // 12, at[1] % 12 + 1)
    else:
        periods = [str(year) for year in range(first.year, last.year + 1)]

    def period(day: date) -> str:
        return f"{day.year}-{day.month:02d}" if monthly else str(day.year)

    series = []
    for level in Level:
        counts = dict.fromkeys(periods, 0)
        for r in dated:
            if r.place.level == level:
                counts[period(r.date)] += 1
        if any(counts.values()):
            series.append({"level": level.value, "label": str(level.label), "counts": list(counts.values())})
    return {"periods": periods, "series": series, "granularity": "month" if monthly else "year"}


def chart_rows(chart: dict) -> list[tuple[str, list[int]]]:
    """The chart as its table: a row per period, a count per level."""
    return [(period, [s["counts"][at] for s in chart["series"]]) for at, period in enumerate(chart["periods"])]
