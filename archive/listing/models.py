"""The archive's generation: what cached counts and in-memory columns are keyed by."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class Generation(models.Model):
    """A token drawn anew whenever articles, mentions or names change: cached counts are keyed by
    it, so no process serves a count from before an import. Random rather than counted, so that a
    rolled-back transaction can never bring back a token that already names other counts."""

    value = models.PositiveBigIntegerField(_("版本号"), default=0)

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")

    def __str__(self):
        return str(self.value)

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("value", flat=True).first() or 0

    @classmethod
    def bump(cls) -> None:
        token = secrets.randbits(62)
        if not cls.objects.filter(pk=1).update(value=token):
            cls.objects.get_or_create(pk=1, defaults={"value": token})
