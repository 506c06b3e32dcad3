"""The name table the extractor uses, read from the curated agencies, campaigns and aliases."""

from django.utils.text import slugify

from ..models import Agency, Alias, Campaign, Source
from ..search.tokenize import normalise, segmenter
from .entities import NameTable


def current_name_table() -> NameTable:
    agencies = {normalise(name): name for name in Agency.objects.confirmed().values_list("name", flat=True)}
    campaigns, ignored, quoted_only = {}, set(), set()
    for name, status, is_quoted_only in Campaign.objects.values_list("name", "status", "quoted_only"):
        if status == Campaign.Status.REJECTED:
            ignored.add(normalise(name))
        elif status == Campaign.Status.CONFIRMED:
            campaigns[normalise(name)] = name
            if is_quoted_only:
                quoted_only.add(name)
        else:
            # A suggestion is known (not suggested again) but only counted where it is quoted.
            campaigns[normalise(name)] = name
            quoted_only.add(name)
    aliases = Alias.objects.select_related("agency", "campaign").exclude(source__isnull=False)
    for alias in aliases:
        if alias.agency_id:
            agencies[normalise(alias.name)] = alias.agency.name
        elif alias.campaign.status == Campaign.Status.REJECTED:
            ignored.add(normalise(alias.name))
        else:
            campaigns[normalise(alias.name)] = alias.campaign.name
    return NameTable(
        agencies=agencies,
        campaigns=campaigns,
        quoted_only=quoted_only,
        ignored=ignored,
        words=segmenter().FREQ,
    )


def source_named(name: str, cache: dict | None = None) -> Source | None:
    """The Source a page names (by name or alias), created when it is new."""
    name = name.strip()
    if not name:
        return None
    if cache is not None:
        if name not in cache:
            cache[name] = source_named(name)
        return cache[name]
    alias = Alias.objects.filter(name=name, source__isnull=False).select_related("source").first()
    if alias:
        return alias.source
    source, _ = Source.objects.get_or_create(
        name=name, defaults={"slug": _free_slug(slugify(name, allow_unicode=True))}
    )
    return source


def _free_slug(base: str) -> str:
    base = base or "source"
    slug, n = base, 1
    while Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
