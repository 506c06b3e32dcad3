"""Curated names feed the segmenter (loaded on first use, reloaded after they change), and any change
to what the pages count draws a new archive generation. Name changes reaching the articles that
contain them: curation/signals.py."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .documents.models import Document, Issuer
from .figures.models import Figure, MetricVariant
from .listing.models import Generation
from .models import Agency, AgencyMention, Alias, Article, Campaign, CampaignMention, Copy, Source
from .search import tokenize


def curated_words():
    names = set(Alias.objects.values_list("name", flat=True))
    names.update(Agency.objects.confirmed().values_list("name", flat=True))
    names.update(Campaign.objects.filter(status=Campaign.Status.CONFIRMED).values_list("name", flat=True))
    return names


tokenize.set_dictionary_loader(curated_words)


@receiver([post_save, post_delete], sender=Alias)
@receiver([post_save, post_delete], sender=Agency)
@receiver([post_save, post_delete], sender=Campaign)
def reload_dictionary(sender, instance, **kwargs):
    # A new suggestion is not in the dictionary until a curator confirms it: no rebuild mid-import.
    if sender is Campaign and kwargs.get("created") and instance.status == Campaign.Status.SUGGESTED:
        return
    tokenize.invalidate()


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=AgencyMention)
@receiver([post_save, post_delete], sender=CampaignMention)
@receiver([post_save, post_delete], sender=Copy)
@receiver([post_save, post_delete], sender=Agency)
@receiver([post_save, post_delete], sender=Campaign)
@receiver([post_save, post_delete], sender=Source)
@receiver([post_save, post_delete], sender=Figure)
@receiver([post_save, post_delete], sender=MetricVariant)
@receiver([post_save, post_delete], sender=Document)
@receiver([post_save, post_delete], sender=Issuer)
def new_generation(sender, **kwargs):
    Generation.bump()
