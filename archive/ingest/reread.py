"""Reading the kept originals again with today's extractor: what would change, per field, and the
change itself through the normal save path. A field a curator set stays as they left it: for an
article a curator has edited (a history record with a user), each field those edits changed, and
every field of an edit with no earlier record to compare with, is theirs."""

import json
from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from ..captures.models import Original
from ..models import Article, content_hash
from .names import current_name_table, source_named
from .page import Rejected
from .read import page_from_record
from .save import reextract
from .warc import capture_page

FIELDS = ("title", "body", "published_at", "author", "source")
CHUNK = 200


@dataclass
class Report:
    """Per field: articles whose value changes, and those where a curator's value was kept."""

    changed: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    articles: int = 0  # articles with a kept original, read again
    changed_articles: int = 0
    without_original: int = 0
    unreadable: Counter = field(default_factory=Counter)  # by reason

    def lines(self):
        yield f"{self.articles} articles read again ({self.without_original} without a kept original)"
        for name in FIELDS:
            yield f"  {name}: {self.changed[name]} change" + (
                f", {self.kept[name]} kept as curated" if self.kept[name] else ""
            )
        yield f"{self.changed_articles} articles change"
        for reason, n in self.unreadable.most_common():
            yield f"  unreadable: {n} × {reason}"


def page_of(original: Original, copy):
    """The ParsedPage today's extractor reads from a copy's original."""
    if original.media_type == "application/json":  # a JSONL record
        return page_from_record(json.loads(original.read()))
    return capture_page(original.capture(copy.url or "", copy.captured_at))[0]


def curated_fields(ids) -> dict[int, set[str]]:
    """The fields a curator's edits set, per article (only articles a curator has edited)."""
    history = Article.history.model.objects.filter(id__in=ids).order_by("id", "history_date", "history_id")
    curated: dict[int, set[str]] = {}
    previous: dict[int, dict] = {}
    for row in history.values("id", "history_user_id", "title", "body", "published_at", "author", "source_id"):
        row["source"] = row.pop("source_id")
        before = previous.get(row["id"])
        if row["history_user_id"] is not None:
            changed = set(FIELDS) if before is None else {f for f in FIELDS if row[f] != before[f]}
            curated.setdefault(row["id"], set()).update(changed)
        previous[row["id"]] = row
    return curated


def reread(ids, apply: bool, report: Report | None = None) -> Report:
    """Read the originals of these articles again, CHUNK at a time (memory stays flat); with apply,
    save what changed (each article in its own transaction) and extract it again."""
    report, table, sources = report or Report(), current_name_table(), {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        articles = Article.objects.filter(pk__in=chunk).prefetch_related("copies").select_related("source")
        curated = curated_fields(chunk)
        hashes = {c.raw_hash for a in articles for c in a.copies.all()}
        originals = {o.sha256: o for o in Original.objects.filter(sha256__in=hashes)}
        for article in articles:
            copy = next((c for c in article.copies.all() if c.raw_hash in originals), None)
            if copy is None:
                report.without_original += 1
                continue
            report.articles += 1
            try:
                page = page_of(originals[copy.raw_hash], copy)
            except (Rejected, ValueError) as error:
                report.unreadable[str(error)[:80]] += 1
                continue
            new = {
                "title": page.title[:500],
                "body": page.body,
                "published_at": page.published_at,
                "author": page.author[:200],
                "source": source_named(page.source, sources) if apply else page.source,
            }
            changes = _changes(article, new, curated.get(article.pk, set()), report)
            if changes:
                report.changed_articles += 1
                if apply:
                    _save(article, changes, table, report)
    return report


def _changes(article, new, curated, report) -> dict:
    changes = {}
    for name in FIELDS:
        current = getattr(article, name)
        value = new[name]
        same = (
            (current.name if current else "") == value
            if name == "source" and isinstance(value, str)
            else current == value
        )
        if same:
            continue
        if name in curated:
            report.kept[name] += 1
        else:
            report.changed[name] += 1
            changes[name] = value
    return changes


def _save(article, changes, table, report):
    for name, value in changes.items():
        setattr(article, name, value)
    if Article.objects.exclude(pk=article.pk).filter(content_hash=content_hash(article.title, article.body)).exists():
        report.unreadable["the new text is another article's"] += 1
        return
    try:
        with transaction.atomic():
            article.save()
            reextract([article], table)
    except IntegrityError as error:
        report.unreadable[f"not saved: {error}"[:80]] += 1
