"""The article's publication time, not a related link's date and not a decree's 成文日期.

Order of trust: publication <meta> and JSON-LD; a date labelled 发布时间/发布日期 by the headline, then
anywhere down to the article's end (the metadata table); a bare date by the headline; an element named
for time; a label further down; the URL. Today's date in the page header (今天是…, 日期：… 星期一) and
the time the page was generated, updated or crawled are never the publication time. The chosen date
then takes the finest time another of these sources gives for the same day."""

import re
from bisect import bisect_right
from datetime import datetime

from .dates import DAY, SHANGHAI, DateHit, find_dates, refine
from .text_lines import is_dateline

_META_KEYS = (
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "article:published_time",
    "og:article:published_time",
    "og:release_date",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "publish_date",
    "publishtime",
    "publication_date",
    "weibo:article:create_at",
    "ptime",
)
_LD_KEYS = ("datepublished", "pubdate", "datecreated")
_TIME_ATTR = re.compile(r"time|date|pubtime|publish|fbsj|sj\b", re.I)
_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?!\d)"
    r"|(?<!\d)((?:19|20)\d{2})[-/](0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?!\d)"
)


def published(
    meta: dict, ld: dict, window: list[str], all_lines: list[str], root, url: str, body_end: int | None = None
) -> datetime | None:
    """body_end: the index in all_lines of the article's last line; a 发布日期 label up to there (the
    metadata table, the dateline) is the page's word, after it a related article's."""
    meta_hits = _first_hits([meta.get(k, "") for k in _META_KEYS] + [ld.get(k, "") for k in _LD_KEYS])
    near = _near(window)
    end = len(all_lines) if body_end is None else body_end + 1
    labelled = [h for h in _labelled(all_lines[:end]) if h.is_publish]
    later = [h for h in _labelled(all_lines[end:]) if h.is_publish]
    timed = _time_elements(root)
    near_labelled = [h for h in near if h.is_publish]
    near_bare = [h for h in near if not h.is_publish]
    # A labelled 发布日期 anywhere in the article's part of the page outranks a bare date by the headline.
    for group in (meta_hits, near_labelled, labelled, near_bare, timed, later):
        if group:
            best = refine(group[0], near + labelled)
            # A date-only best must not borrow the clock of a comment or related link that day.
            return (refine(best, timed) if best.precision > DAY else best).value
    return date_from_url(url)


def _near(window: list[str]) -> list[DateHit]:
    """Dates in the headline's dateline: labelled 发布日期 first, then bare dates on dateline-like lines."""
    text = "\n".join(window)
    starts = [0]
    for line in window:
        starts.append(starts[-1] + len(line) + 1)
    hits = []
    for hit in find_dates(text):
        line = window[bisect_right(starts, hit.start) - 1]
        if hit.is_publish or (not hit.label and is_dateline(line)):
            hits.append(hit)
    return sorted(hits, key=lambda h: not h.is_publish)


def _first_hits(values: list[str]) -> list[DateHit]:
    out = []
    for value in values:
        hits = find_dates(value) if value else []
        if hits:
            out.append(hits[0])
    return out


def _labelled(lines: list[str]) -> list[DateHit]:
    hits: list[DateHit] = []
    for i, line in enumerate(lines):
        # A label may sit in one table cell and its date in the next.
        text = line if i + 1 >= len(lines) or len(line) > 12 else line + "\n" + lines[i + 1]
        hits.extend(h for h in find_dates(text) if h.label and h.start < len(line) + 12)
    return hits


def _time_elements(root) -> list[DateHit]:
    hits = []
    for el in root.iter("span", "div", "em", "p", "time", "li", "font", "td"):
        attrs = f"{el.get('class', '')} {el.get('id', '')} {el.get('datetime', '')}"
        if el.tag != "time" and not _TIME_ATTR.search(attrs):
            continue
        text = el.get("datetime") or el.text_content()
        if len(text) <= 80:
            hits.extend(h for h in find_dates(text) if not h.label or h.is_publish)
    return hits


def date_from_url(url: str) -> datetime | None:
    for m in _URL_DATE.finditer(url or ""):
        y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
        try:
            return datetime(y, mo, d, tzinfo=SHANGHAI)
        except ValueError:
            continue
    return None
