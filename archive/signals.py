"""Curated names feed the segmenter: loaded on first use, reloaded after they change."""

from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .curation.refresh import refresh_later
from .figures.models import Figure, MetricVariant
from .listing.models import Generation
from .models import Agency, AgencyMention, Alias, Article, Campaign, CampaignMention, Copy, Source
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


ALIAS_STATE = ("name", "agency_id", "campaign_id", "source_id")


@receiver(pre_save, sender=Alias)
def remember_old_alias(sender, instance, **kwargs):
    if instance.pk and not kwargs.get("raw"):
        instance._old_state = Alias.objects.filter(pk=instance.pk).values_list(*ALIAS_STATE).first()


@receiver(post_save, sender=Alias)
@receiver(post_delete, sender=Alias)
def refresh_affected_articles(sender, instance, signal, **kwargs):
    """The articles that contain the alias (its old name and its new one) are re-extracted and
    re-indexed once the change commits, in the background (ingest/refresh.py)."""
    if kwargs.get("raw") or _suspended:
        return
    old = getattr(instance, "_old_state", None)
    if signal is post_save and old == tuple(getattr(instance, f) for f in ALIAS_STATE):
        return  # saved unchanged
    verb = "deleted" if signal is post_delete else "saved"
    refresh_later([old[0] if old else None, instance.name], reason=f"alias {instance.name} {verb}")


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
@receiver([post_save, post_delete], sender=Figure)
@receiver([post_save, post_delete], sender=MetricVariant)
def new_generation(sender, **kwargs):
    Generation.bump()
