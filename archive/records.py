"""The export's record of an article — what the CSV, JSONL, WARC metadata and the API give — read in
bulk: one query per table for a chunk of articles, rows as tuples, no model instance.

Built from model instances with prefetches, a record cost some fourteen instances and a queryset
clone per related manager: 855 ms of CPU for a CSV of about 1,150 rows at 100,000 articles
(`bench_cpu`), more than half the load test's CPU. Fields: FIELDS; a policy document's
(DOCUMENT_FIELDS) are empty (null or []) for a news article.
"""

from collections import defaultdict

from .documents.models import Citation, Document, Issuer
from .documents.numbers import normalise_number
from .models import SHANGHAI, AgencyMention, Article, CampaignMention, Copy

FIELDS = ["id", "title", "published_at", "author", "source", "section", "urls", "agencies", "campaigns"]
DOCUMENT_FIELDS = [
    "document_number",
    "issuers",
    "written_date",
    "effective_date",
    "doc_type",
    "validity",
    "cites",
    "cited_by",
]
FIELDS += [*DOCUMENT_FIELDS, "body"]
CHUNK = 500


def records_in_order(ids, chunk: int = CHUNK):
    """The records of the articles of these ids, in this order, chunk at a time; ids of no article
    are left out."""
    ids = [int(pk) for pk in ids]
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        found = records(part)
        yield from (found[pk] for pk in part if pk in found)


def records(ids) -> dict[int, dict]:
    """The records of the articles of these ids (a chunk: all are read at once), by id."""
    ids = list(ids)
    rows = (
        Article.objects.filter(pk__in=ids)
        .order_by()
        .values_list("pk", "title", "published_at", "author", "source__name", "body")
    )
    copies, agencies, campaigns = defaultdict(list), defaultdict(list), defaultdict(list)
    for article_id, url, section in Copy.objects.filter(article_id__in=ids).values_list("article_id", "url", "section"):
        copies[article_id].append((url, section))
    mentions = ((AgencyMention, "agency__name", agencies), (CampaignMention, "campaign__name", campaigns))
    for model, name, into in mentions:
        for article_id, value in (
            model.objects.active().filter(article_id__in=ids).order_by("id").values_list("article_id", name)
        ):
            into[article_id].append(value)
    documents = document_records(ids)
    out = {}
    for pk, title, published_at, author, source, body in rows:
        found = copies[pk]
        out[pk] = {
            "id": pk,
            "title": title,
            "published_at": published_at.astimezone(SHANGHAI).isoformat() if published_at else None,
            "author": author,
            "source": source or "",
            "section": next((section for _, section in found if section), ""),
            "urls": [url for url, _ in found if url],
            "agencies": agencies[pk],
            "campaigns": campaigns[pk],
            **(documents.get(pk) or news_fields()),  # each record its own empty lists
            "body": body,
        }
    return out


def document_records(ids) -> dict[int, dict]:
    """The policy documents' fields of these articles, by article id (news articles have none)."""
    rows = (
        Document.objects.filter(article_id__in=ids)
        .order_by()
        .values_list("article_id", "number", "written_date", "effective_date", "doc_type", "validity")
    )
    documents = {row[0]: row for row in rows}
    if not documents:
        return {}
    issuers, cites, cited_by = defaultdict(list), defaultdict(list), defaultdict(set)
    # Ordered by the ids, not by the models' orderings: those name the document, which brings in its
    # own ordering and two joins (a whole scan of the citations, 6 ms a page at 10,000 documents).
    issuer_rows = Issuer.objects.filter(document_id__in=documents).order_by("document_id", "position", "id")
    for document_id, name in issuer_rows.values_list("document_id", "agency__name"):
        issuers[document_id].append(name)
    citations = (
        Citation.objects.filter(citing_id__in=documents)
        .order_by("citing_id", "position", "id")
        .values_list("citing_id", "number", "title", "cited_id", "cited__number", "cited__article__title")
    )
    for citing_id, number, title, cited_id, cited_number, cited_title in citations:
        cites[citing_id].append(
            {
                # What the text cites, as it names it; a part it leaves out taken from the archived target.
                "document_number": _number(number) or (_number(cited_number) if cited_id else None),
                "title": title or (cited_title if cited_id else None),
                "id": cited_id,
            }
        )
    for cited_id, citing_id in (
        Citation.objects.filter(cited_id__in=documents).order_by().values_list("cited_id", "citing_id")
    ):
        cited_by[cited_id].add(citing_id)
    return {
        pk: {
            "document_number": _number(number),
            "issuers": issuers[pk],
            "written_date": _day(written),
            "effective_date": _day(effective),
            "doc_type": doc_type or None,
            "validity": validity,
            "cites": cites[pk],
            "cited_by": sorted(cited_by[pk]),
        }
        for pk, number, written, effective, doc_type, validity in documents.values()
    }


def news_fields() -> dict:
    """A news article's document fields: empty."""
    return {name: [] if name in ("issuers", "cites", "cited_by") else None for name in DOCUMENT_FIELDS}


def _number(printed: str) -> str | None:
    return (normalise_number(printed) or printed) if printed else None


def _day(day) -> str | None:
    return day.isoformat() if day else None
