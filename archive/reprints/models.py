"""What finding reprints keeps per article: its MinHash signature and the LSH bands it falls in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fingerprint(models.Model):
    """An article's MinHash signature over its shingles (families.py)."""

    article = models.OneToOneField("archive.Article", models.CASCADE, primary_key=True, related_name="fingerprint")
    signature = models.BinaryField()
    shingles = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("文本指纹")
        verbose_name_plural = _("文本指纹")

    def __str__(self):
        return f"{self.article_id}: {self.shingles}"


class FingerprintBand(models.Model):
    """One LSH band of a signature: articles sharing a key are compared."""

    article = models.ForeignKey("archive.Article", models.CASCADE, related_name="+")
    key = models.BigIntegerField(db_index=True)

    def __str__(self):
        return f"{self.article_id}: {self.key}"
