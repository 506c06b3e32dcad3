"""Articles over time, for the charts of the list page and of agency and campaign pages.

Per year, or per month when the filters narrow to one calendar year (a single `year`, or
`date_from` and `date_to` within one year). Each point links to the list page narrowed to it: a
year by `year`, a month by `date_from` and `date_to` (its first and last day). Like a facet, the
chart is counted without its own filter, so that it stays a way to move between years or months:
the year chart under every filter but the year, the month chart under every filter but the date
range.
"""

import calendar
from dataclasses import dataclass

from django.urls import reverse


@dataclass
class Timeline:
    granularity: str  # "year" or "month"
    points: list[dict]
    year: int | None = None  # the year whose months a month chart shows


def single_year(cleaned: dict) -> int | None:
    """The one calendar year the filters allow, if they allow exactly one."""
    date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
    low = date_from.year if date_from else None
    high = date_to.year if date_to else None
    years = {int(y) for y in cleaned.get("year") or []}
    if years:
        years = {y for y in years if (low is None or low <= y) and (high is None or y <= high)}
    elif low is not None and low == high:
        years = {low}
    return years.pop() if len(years) == 1 else None


def timeline(filterset, query, per_year: dict[int, int] | None = None) -> Timeline | None:
    """The chart of the filterset's matches; per_year when the caller has counted them already."""
    listing = filterset.listing()
    if listing is None:
        return None
    year = single_year(filterset.form.cleaned_data)
    if year is None:
        return Timeline("year", year_points(listing.per_year() if per_year is None else per_year, query))
    return Timeline("month", month_points(year, listing.per_month(year), query), year)


def year_points(counts: dict[int, int], query) -> list[dict]:
    """Oldest first, each year linked to the search narrowed to it."""
    points = []
    for year in sorted(counts):
        narrowed = _narrowed(query)
        narrowed.setlist("year", [str(year)])
        points.append({"year": year, "count": counts[year], "url": f"{reverse('article_list')}?{narrowed.urlencode()}"})
    return points


def month_points(year: int, counts: dict[int, int], query) -> list[dict]:
    """All twelve months (none when the year has no match), each month with matches linked to the
    search narrowed to it."""
    if not counts:
        return []
    points = []
    for month in range(1, 13):
        url = ""
        if counts.get(month):
            last = calendar.monthrange(year, month)[1]
            narrowed = _narrowed(query)
            narrowed["date_from"] = f"{year:04d}-{month:02d}-01"
            narrowed["date_to"] = f"{year:04d}-{month:02d}-{last:02d}"
            url = f"{reverse('article_list')}?{narrowed.urlencode()}"
        points.append({"year": year, "month": month, "count": counts.get(month, 0), "url": url})
    return points


def _narrowed(query):
    narrowed = query.copy()
    narrowed.pop("page", None)
    return narrowed
