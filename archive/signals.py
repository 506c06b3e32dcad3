"""Curated names feed the segmenter: loaded on first use, reloaded after they change."""

from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Agency, AgencyMention, Alias, Article, Campaign, CampaignMention, Copy, Generation, Source
from .search import tokenize


def curated_words():
    names = set(Alias.objects.values_list("name", flat=True))
    names.update(Agency.objects.values_list("name", flat=True))
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


@receiver(post_save, sender=Alias)
@receiver(post_delete, sender=Alias)
def refresh_affected_articles(sender, instance, **kwargs):
    """The articles that contain the alias are re-extracted and re-indexed once the change commits."""
    from django.db import transaction

    from .ingest.refresh import refresh_articles_mentioning

    if not kwargs.get("raw") and not _suspended:
        transaction.on_commit(lambda: refresh_articles_mentioning([instance.name]))


_suspended = False


@contextmanager
def refresh_suspended():
    """For bulk loads of reference names: the caller reindexes once afterwards."""
    global _suspended
    _suspended = True
    try:
        yield
    finally:
        _suspended = False


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=AgencyMention)
@receiver([post_save, post_delete], sender=CampaignMention)
@receiver([post_save, post_delete], sender=Copy)
@receiver([post_save, post_delete], sender=Agency)
@receiver([post_save, post_delete], sender=Campaign)
@receiver([post_save, post_delete], sender=Source)
def new_generation(sender, **kwargs):
    Generation.bump()
