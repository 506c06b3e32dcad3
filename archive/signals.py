"""Curated names feed the segmenter: loaded on first use, reloaded after they change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Agency, Alias, Campaign
from .search import tokenize


def curated_words():
    names = set(Alias.objects.values_list("name", flat=True))
    names.update(Agency.objects.values_list("name", flat=True))
    names.update(Campaign.objects.exclude(status=Campaign.Status.REJECTED).values_list("name", flat=True))
    return names


tokenize.set_dictionary_loader(curated_words)


@receiver([post_save, post_delete], sender=Alias)
@receiver([post_save, post_delete], sender=Agency)
@receiver([post_save, post_delete], sender=Campaign)
def reload_dictionary(sender, **kwargs):
    tokenize.invalidate()
