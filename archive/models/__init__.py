"""The nouns of the archive, one module per side of the domain: the names it knows (names.py:
sources, agencies, campaigns, aliases) and the texts (articles.py: articles, their copies, the
mentions). Each capability keeps its own models in its package (figures/models.py ...)."""

from .articles import (
    SHANGHAI,
    AgencyMention,
    Article,
    ArticleQuerySet,
    CampaignMention,
    Copy,
    InOrderQuerySet,
    Mention,
    MentionQuerySet,
    configured,
    content_hash,
)
from .names import Agency, AgencyQuerySet, Alias, Bilingual, Campaign, Source

__all__ = [
    "SHANGHAI",
    "Agency",
    "AgencyMention",
    "AgencyQuerySet",
    "Alias",
    "Article",
    "ArticleQuerySet",
    "Bilingual",
    "Campaign",
    "CampaignMention",
    "Copy",
    "InOrderQuerySet",
    "Mention",
    "MentionQuerySet",
    "Source",
    "configured",
    "content_hash",
]
