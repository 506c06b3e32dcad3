"""ParsedPage -> Article, Copy, mentions and index rows. Idempotent: the same page twice changes nothing."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import pgettext, pgettext_lazy

from ..documents import store as document_store
from ..documents.models import Document
from ..documents.read import read_document
from ..figures import store as figure_store
from ..figures.extract import extract_figures
from ..models import Agency, AgencyMention, Article, Campaign, CampaignMention, Copy, Mention, content_hash
from ..reprints import families as reprints
from ..search import backend
from ..search.tokenize import TOKENIZER_VERSION
from .entities import Extraction, NameTable, extract_entities
from .names import current_name_table, source_named
from .page import ParsedPage
from .review import review_flags


class Outcome(models.TextChoices):
    """What became of a record; the label is how the importer says it, in the active language."""

    CREATED = "created", pgettext_lazy("import outcome", "新建")
    UPDATED = "updated", pgettext_lazy("import outcome", "已更新")
    UNCHANGED = "unchanged", pgettext_lazy("import outcome", "未变")
    REPRINT = "reprint", pgettext_lazy("import outcome", "转载")
    REJECTED = "rejected", pgettext_lazy("import outcome", "未导入")


def describe(counts) -> str:
    """What became of a file's records: "created", or "3 created, 1 reprint" (in Chinese 新建 3 条、转载 1 条)."""
    if sum(counts.values()) == 1:
        return str(next(iter(counts)).label)
    return pgettext("list separator", "、").join(
        pgettext("import outcome count", "%(outcome)s %(n)d 条") % {"outcome": o.label, "n": counts[o]}
        for o in Outcome
        if counts[o]
    )


def save_page(
    page: ParsedPage,
    table: NameTable,
    raw_hash: str,
    imported_from: str = "",
    sources: dict | None = None,
    prepared=None,
) -> tuple[Outcome, Article]:
    """Save one page in the caller's transaction and say what happened.

    sources caches Source rows by name; it must not outlive the transaction. prepared carries the
    tokens and entities when the bulk path has already computed them.
    """
    url = page.url or None
    digest = content_hash(page.title, page.body)
    article = Article.objects.filter(content_hash=digest).first()
    copy = Copy.objects.filter(url=url).select_related("article").first() if url else None

    if article is not None:
        if copy is not None and copy.article_id == article.pk:
            return Outcome.UNCHANGED, article
        if copy is None and url is None and article.copies.filter(raw_hash=raw_hash).exists():
            return Outcome.UNCHANGED, article
        if copy is not None:  # this URL now shows a text we already hold under another article
            copy.article = article
            copy.save(update_fields=["article"])
            return Outcome.UPDATED, article
        _add_copy(article, page, raw_hash, imported_from)
        return Outcome.REPRINT, article

    if copy is not None and copy.article.copies.count() == 1:
        article, outcome = copy.article, Outcome.UPDATED  # the page at this URL was edited
    else:
        article, outcome = Article(), Outcome.CREATED if copy is None else Outcome.UPDATED
    fill_article(article, page, sources)
    article.save()
    if copy is None:
        _add_copy(article, page, raw_hash, imported_from)
    elif copy.article_id != article.pk:
        copy.article = article
        copy.save(update_fields=["article"])
    if prepared:
        apply_extraction(article, table, prepared.found)
        figure_store.replace_records(article, prepared.figures)
        backend().write_rows([(article.pk, *prepared.tokens)])
    else:
        reextract([article], table)
    document_store.save_record(article, prepared.document if prepared else read_record(page, table), page.fields)
    fingerprint = prepared.fingerprint if prepared else reprints.signature(article.title, article.body)
    reprints.store([(article.pk, fingerprint)])
    reprints.link([article.pk])
    return outcome, article


def read_record(page: ParsedPage, table: NameTable):
    """The policy document's record a page carries, or None for news (pure: the import's workers call it)."""
    return read_document(page.title, page.body, page.fields, page.local_date, table.agencies)


def fill_article(article: Article, page: ParsedPage, sources=None) -> None:
    article.title = page.title[:500]
    article.body = page.body
    article.published_at = page.published_at
    article.author = page.author[:200]
    article.source = source_named(page.source, sources)
    article.import_warnings = "\n".join(page.warnings)
    article.review_flags = review_flags(page.title, page.body, page.published_at, page.source)
    article.tokenizer_version = TOKENIZER_VERSION


def _add_copy(article, page, raw_hash, imported_from):
    copy = Copy.for_page(article, page, raw_hash, imported_from)
    copy.save()
    return copy


def campaign_ids(found: Extraction, known: dict[str, int] | None = None) -> dict[int, int]:
    """Campaign id -> count for an extraction; a new quoted name becomes a suggested campaign.

    known (name -> id) saves a query per article when many are saved at once; it is filled in."""
    if known is None:
        known = campaigns_named([*found.campaigns, *found.suggested])
    counts = {}
    for name, count in found.campaigns.items():
        counts[known[name]] = counts.get(known[name], 0) + count
    for name, count in found.suggested.items():
        if name not in known:
            campaign, _ = Campaign.objects.get_or_create(
                name=name,
                defaults={
                    "status": Campaign.Status.SUGGESTED,
                    "slug": _campaign_slug(name),
                    "written_form": f"“{name}”行动",
                },
            )
            known[name] = campaign.pk
        counts[known[name]] = counts.get(known[name], 0) + count
    return counts


def campaigns_named(names) -> dict[str, int]:
    names = set(names)
    return dict(Campaign.objects.filter(name__in=names).values_list("name", "pk")) if names else {}


def reextract(articles, table: NameTable | None = None) -> None:
    """Extract the mentions and figures of saved articles again and re-index them; what a curator
    added, removed or corrected stays. Article.reextract() and the queryset's come here."""
    table = table or current_name_table()
    fields = dict(Document.objects.filter(article__in=articles).values_list("article_id", "page_fields"))
    for article in articles:
        apply_extraction(article, table)
        # the figures' sentences name agencies and campaigns too
        figure_store.replace(article, extract_figures(article.body, article.local_date, table))
        found = fields.get(article.pk) or {}
        record = read_document(article.title, article.body, found, article.local_date, table.agencies)
        if record is not None or article.pk in fields:  # news without a record has nothing to write
            document_store.save_record(article, record, found)
    Article.objects.filter(pk__in=[a.pk for a in articles]).reindex()


def apply_extraction(article: Article, table: NameTable, found: Extraction | None = None) -> None:
    """Replace the extracted mentions of an article; a curator's additions and removals stay."""
    found = found or extract_entities(f"{article.title}\n{article.body}", table)
    agencies = dict(Agency.objects.filter(name__in=found.agencies).values_list("pk", "name"))
    _sync(AgencyMention, "agency", article, {pk: found.agencies[name] for pk, name in agencies.items()})
    _sync(CampaignMention, "campaign", article, campaign_ids(found))


def _sync(model, field, article, wanted: dict[int, int]):
    existing = {getattr(m, f"{field}_id"): m for m in model.objects.filter(article=article)}
    for pk, mention in existing.items():
        if mention.origin != Mention.Origin.EXTRACTED:
            continue
        if pk not in wanted:
            mention.delete()
        elif mention.count != wanted[pk]:
            mention.count = wanted[pk]
            mention.save(update_fields=["count"])
    model.objects.bulk_create(
        [model(article=article, count=n, **{f"{field}_id": pk}) for pk, n in wanted.items() if pk not in existing]
    )


def _campaign_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True) or "campaign"
    slug, n = base, 1
    while Campaign.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
