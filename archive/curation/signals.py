"""A changed alias reaches the articles that contain it: they are re-extracted and re-indexed once
the change commits (refresh.py). Bulk loads of names suspend this and refresh once."""

from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from ..models import Alias
from .refresh import refresh_later

ALIAS_STATE = ("name", "agency_id", "campaign_id", "source_id")


@receiver(pre_save, sender=Alias)
def remember_old_alias(sender, instance, **kwargs):
    if instance.pk and not kwargs.get("raw"):
        instance._old_state = Alias.objects.filter(pk=instance.pk).values_list(*ALIAS_STATE).first()


@receiver(post_save, sender=Alias)
@receiver(post_delete, sender=Alias)
def refresh_affected_articles(sender, instance, signal, **kwargs):
    """The articles that contain the alias (its old name and its new one) are re-extracted and
    re-indexed once the change commits, in the background (refresh.py)."""
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
