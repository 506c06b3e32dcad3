"""Writing a document's record: the reader's findings put in place of the last ones, the issuers
matched to agencies (a new one suggested to curators), the citations resolved both ways, and the
repeals they carry marked for review. A field a curator corrected keeps the curator's value."""

from datetime import date

from django.db.models import Q
from django.utils.text import slugify

from ..models import Agency
from .models import EXPIRABLE, Citation, Document, Issuer, Validity
from .numbers import number_key
from .references import normalise_title

# The record's fields that come straight from the reader, each correctable by a curator.
READ_FIELDS = [
    "number",
    "written_date",
    "effective_date",
    "expires_on",
    "doc_type",
    "enclosed_title",
    "enclosed_type",
    "index_number",
    "subject",
]
CHANGES = {Citation.Relation.REPEALS: Validity.REPEALED, Citation.Relation.AMENDS: Validity.AMENDED}


def save_record(article, record, fields: dict | None = None) -> Document | None:
    """Put what the reader found in the article (a DocumentRecord, or None for a text that is not
    a policy document) in place of the article's record, and resolve citations both ways."""
    document = Document.objects.filter(article=article).first()
    if record is None:
        if document is not None and not document.curated:
            document.delete()
            return None
        return document
    document = document or Document(article=article)
    for name in READ_FIELDS:
        if name not in document.curated:
            setattr(document, name, getattr(record, name))
    if "validity" not in document.curated and document.changed_by_id is None:
        document.validity = record.validity or Validity.UNKNOWN
    document.page_fields = fields or {}
    derive_keys(document)
    document.save()
    if "issuers" not in document.curated:
        set_issuers(document, record.issuers)
    replace_citations(document, record.references)
    resolve_waiting(document)
    return document


def derive_keys(document: Document) -> None:
    """The keys citations are matched by, and expiry when a stated 有效期 has passed."""
    document.number_key = number_key(document.number)
    document.title_key = normalise_title(document.article.title)[:300]
    document.enclosed_title_key = normalise_title(document.enclosed_title)[:300]
    if document.expires_on and document.expires_on < date.today() and document.validity in EXPIRABLE:
        document.validity = Validity.EXPIRED


def set_issuers(document: Document, names) -> None:
    agencies = [agency_named(name) for name in dict.fromkeys(n for n in names if n)]
    Issuer.objects.filter(document=document).delete()
    Issuer.objects.bulk_create(
        [Issuer(document=document, agency=agency, position=at) for at, agency in enumerate(agencies)]
    )


def agency_named(name: str) -> Agency:
    """The agency of this name, or a new suggested one for curators to confirm, merge or fix."""
    name = name[:100]
    agency = Agency.objects.filter(name=name).first()
    if agency is None:
        agency = Agency.objects.filter(aliases__name=name).first()
    if agency is None:
        agency = Agency.objects.create(
            name=name, slug=_free_slug(name), kind=Agency.Kind.OTHER, status=Agency.Status.SUGGESTED
        )
    return agency


def _free_slug(name: str) -> str:
    from pypinyin import lazy_pinyin  # noqa: PLC0415 (57 MB: not in every web worker)

    base = (slugify(" ".join(lazy_pinyin(name))) or "agency")[:90]
    slug, n = base, 1
    while Agency.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def replace_citations(document: Document, references) -> None:
    """The extracted citations anew (a curator's stay), each resolved to an archived document."""
    Citation.objects.filter(citing=document, origin=Citation.Origin.EXTRACTED).delete()
    citations = []
    for at, reference in enumerate(references):
        citation = Citation(
            citing=document,
            title=reference.title[:300],
            number=reference.number[:80],
            title_key=normalise_title(reference.title)[:300],
            number_key=number_key(reference.number),
            relation=reference.relation,
            position=at,
        )
        citation.cited_id = target_of(citation, exclude=document.pk, written=document.written_date)
        citations.append(citation)
    Citation.objects.bulk_create(citations)
    for citation in citations:
        if citation.cited_id:
            apply_change(citation)


def target_of(citation: Citation, exclude=None, written=None) -> int | None:
    """The archived document a citation names: by number first, then by exact normalised title
    (the document's own, or the title of the document a notice 印发), never one written after the
    citing document (written: its 成文日期), as references.resolve rules."""
    documents = Document.objects.exclude(pk=exclude)
    if citation.number_key:
        found = documents.filter(number_key=citation.number_key).values_list("pk", flat=True).first()
        if found:
            return found
    if citation.title_key:
        by_title = documents.filter(Q(title_key=citation.title_key) | Q(enclosed_title_key=citation.title_key))
        if written:
            by_title = by_title.exclude(written_date__gt=written)
        return by_title.order_by("-written_date").values_list("pk", flat=True).first()
    return None


def resolve_waiting(document: Document) -> None:
    """Citations made before this document arrived, that name it: resolved now."""
    match = Q()
    if document.number_key:
        match |= Q(number_key=document.number_key)
    for key in {document.title_key, document.enclosed_title_key} - {""}:
        match |= Q(title_key=key)
    if not match:
        return
    waiting = Citation.objects.filter(match, cited__isnull=True).exclude(citing=document).select_related("citing")
    for citation in waiting:
        later = (
            document.written_date
            and citation.citing.written_date
            and document.written_date > citation.citing.written_date
        )
        if later and citation.number_key != document.number_key:
            continue  # a title cannot name a document written after the one citing it
        if citation.number_key and citation.number_key != document.number_key:
            if Document.objects.filter(number_key=citation.number_key).exists():
                continue  # its number names another archived document
        citation.cited = document
        citation.save(update_fields=["cited"])
        apply_change(citation)


def apply_change(citation: Citation) -> None:
    """A repeal or an amendment: the cited document's validity follows (unless a curator set it)
    and it enters the curators' review queue."""
    validity = CHANGES.get(citation.relation)
    if validity is None:
        return
    target = Document.objects.get(pk=citation.cited_id)
    if "validity" not in target.curated:
        target.validity = validity
        target.changed_by_id = citation.citing_id
    target.needs_review = True
    target.save(update_fields=["validity", "changed_by", "needs_review"])  # signals.py: a new generation
