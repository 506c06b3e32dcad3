"""What finding reprints keeps per article: its MinHash signature and the LSH bands it falls in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fingerprint(models.Model):
    """An article's MinHash signature over its shingles (families.py)."""

    article = models.OneToOneField(
        "archive.Article", models.CASCADE, primary_key=True, related_name="fingerprint", verbose_name=_("文章")
    )
    signature = models.BinaryField(_("MinHash 签名"))
    shingles = models.PositiveIntegerField(_("片段数"))

    class Meta:
        verbose_name = _("文本指纹")
        verbose_name_plural = _("文本指纹")

    def __str__(self):
        return f"{self.article_id}: {self.shingles}"


class FingerprintBand(models.Model):
    """One LSH band of a signature: articles sharing a key are compared."""

    article = models.ForeignKey("archive.Article", models.CASCADE, related_name="+", verbose_name=_("文章"))
    key = models.BigIntegerField(_("分段键"), db_index=True)

    class Meta:
        verbose_name = _("指纹分段")
        verbose_name_plural = _("指纹分段")

    def __str__(self):
        return f"{self.article_id}: {self.key}"
