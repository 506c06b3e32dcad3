"""What curators do to entities: merge two agencies or two campaigns, and settle suggested campaigns.

Each is one transaction; the merged-away name becomes an alias of the one kept, so extraction and
search keep finding it (the alias signals refresh the affected articles once it commits).
"""

from dataclasses import dataclass

from django.db import transaction

from ..models import Agency, AgencyMention, Alias, Campaign, CampaignMention, Mention
from .refresh import refresh_later
from .signals import refresh_suspended


@dataclass
class MergePlan:
    """What merging gone into keep moves, counted before anything is written."""

    keep: Agency | Campaign
    gone: Agency | Campaign
    mentions: int  # mentions of gone that move to keep
    shared: int  # articles that mention both: their two mentions become one
    aliases: int  # gone's aliases, plus gone's own name
    references: dict  # other links to gone (label -> count)

    @property
    def rows(self):
        yield "mentions", self.mentions
        yield "shared", self.shared
        yield "aliases", self.aliases
        yield from self.references.items()


def _mention_model(entity):
    return (AgencyMention, "agency") if isinstance(entity, Agency) else (CampaignMention, "campaign")


def merge_plan(keep, gone) -> MergePlan:
    if type(keep) is not type(gone) or keep.pk == gone.pk:
        raise ValueError("merge two different agencies, or two different campaigns")
    model, field = _mention_model(keep)
    theirs = model.objects.filter(**{field: gone})
    shared = theirs.filter(article__in=model.objects.filter(**{field: keep}).values("article")).count()
    if isinstance(keep, Agency):
        references = {
            "children": gone.children.count(),
            "predecessors": gone.predecessors.count(),
            "led_campaigns": gone.led_campaigns.count(),
            "joined_campaigns": gone.joined_campaigns.count(),
            "issued_documents": gone.issuer_rows.count(),
        }
    else:
        references = {"lead_agencies": gone.lead_agencies.count(), "agencies": gone.agencies.count()}
    return MergePlan(keep, gone, theirs.count() - shared, shared, gone.aliases.count() + 1, references)


@transaction.atomic
def merge(keep, gone) -> MergePlan:
    """Move everything of gone to keep; gone's name becomes an alias of keep; gone is deleted."""
    plan = merge_plan(keep, gone)
    model, field = _mention_model(keep)
    kept = {m.article_id: m for m in model.objects.filter(**{field: keep})}
    for mention in model.objects.filter(**{field: gone}):
        mine = kept.get(mention.article_id)
        if mine is None:
            setattr(mention, field, keep)
            mention.save()
            continue
        # One mention per article: counts add up; a curator's decision on either side stands,
        # the kept entity's first.
        mine.count += mention.count
        if mine.origin == Mention.Origin.EXTRACTED and mention.origin != Mention.Origin.EXTRACTED:
            mine.origin = mention.origin
        mine.save()
        mention.delete()
    with refresh_suspended():  # one refresh for the whole merge, below
        for alias in gone.aliases.all():
            setattr(alias, field, keep)
            alias.save()
    if isinstance(keep, Agency):
        for child in gone.children.all():
            child.parent = keep if child.pk != keep.pk else None
            child.save()
        for before in gone.predecessors.exclude(pk=keep.pk):
            before.successor = keep
            before.save()
        for campaign in gone.led_campaigns.all():
            campaign.lead_agencies.add(keep)
        for campaign in gone.joined_campaigns.all():
            campaign.agencies.add(keep)
        for row in gone.issuer_rows.all():  # documents it issued (documents/models.py Issuer)
            if keep.issuer_rows.filter(document_id=row.document_id).exists():
                row.delete()
            else:
                row.agency = keep
                row.save()
        if keep.successor_id == gone.pk:
            keep.successor = gone.successor if gone.successor_id != keep.pk else None
        if gone.status == Agency.Status.CONFIRMED:
            keep.status = Agency.Status.CONFIRMED  # a suggested issuer merged into the reference data
        keep.save()
    else:
        keep.lead_agencies.add(*gone.lead_agencies.all())
        keep.agencies.add(*gone.agencies.all())
        dates = [d for d in (keep.first_mentioned, gone.first_mentioned) if d]
        keep.first_mentioned = min(dates) if dates else None
        dates = [d for d in (keep.last_mentioned, gone.last_mentioned) if d]
        keep.last_mentioned = max(dates) if dates else None
        if keep.status != Campaign.Status.CONFIRMED and gone.status == Campaign.Status.CONFIRMED:
            keep.status = Campaign.Status.CONFIRMED
        keep.save()
    name, names = gone.name, [gone.name, *gone.aliases.values_list("name", flat=True)]
    gone.delete()
    Alias.objects.filter(name=name).delete()  # a stray alias of the same name gives way
    with refresh_suspended():
        Alias.objects.create(name=name, kind=Alias.Kind.VARIANT, **{field: keep})
    refresh_later([*names, keep.name], reason=f"{name} → {keep.name}")
    return plan


def confirm(campaigns) -> int:
    """Suggested campaigns become confirmed: counted wherever they are written, quoted or not."""
    names = []
    for campaign in campaigns:
        campaign.status = Campaign.Status.CONFIRMED
        campaign.save()
        names.append(campaign.name)
    if names:
        refresh_later(names, reason="confirmed: " + "、".join(names))
    return len(names)


@transaction.atomic
def reject(campaigns) -> int:
    """Suggested campaigns are rejected, and stay so: re-import does not suggest them again (the
    row remembers the name); their extracted mentions go, a curator's stay."""
    n = 0
    for campaign in campaigns:
        campaign.status = Campaign.Status.REJECTED
        campaign.save()
        for mention in campaign.mentions.filter(origin=Mention.Origin.EXTRACTED):
            mention.delete()
        n += 1
    return n


def mention_examples(name: str, bodies, limit: int = 2, width: int = 40) -> list[str]:
    """Up to limit sentences (or windows of text) around the name, from these texts."""
    out = []
    for body in bodies:
        at = body.find(name)
        if at < 0:
            continue
        start = max(body.rfind("。", 0, at) + 1, at - width)
        end = body.find("。", at)
        end = min(end + 1 if end >= 0 else len(body), at + len(name) + width)
        out.append(body[start:end].strip())
        if len(out) == limit:
            break
    return out
