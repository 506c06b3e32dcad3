"""Figures as data: the statistics articles report, one record each, and the series they form.

The extraction is extract.py (pure), storing it store.py; here are the records and the series.
"""

import hashlib
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..models import InOrderQuerySet
from .numbers import readable, unit_after


class FigureQuerySet(InOrderQuerySet):
    def kept(self):
        """Figures not marked wrong by a curator, of published articles."""
        return self.exclude(review=Figure.Review.WRONG).filter(article__status="published")

    def in_series(self, name: str):
        return self.filter(metric__in=MetricVariant.names_of(name))


class Figure(models.Model):
    class Qualifier(models.TextChoices):
        EXACT = "", _("精确")
        MORE_THAN = "more_than", _("多于")
        ABOUT = "about", _("约")
        LESS_THAN = "less_than", _("不足")
        RANGE = "range", _("区间")

    class Review(models.TextChoices):
        UNREVIEWED = "unreviewed", _("未审核")
        CONFIRMED = "confirmed", _("已确认")
        WRONG = "wrong", _("误识别")

    article = models.ForeignKey("archive.Article", models.CASCADE, related_name="figures", verbose_name=_("文章"))
    key = models.CharField(_("识别键"), max_length=64, editable=False)
    text = models.CharField(_("原文"), max_length=80)
    start = models.PositiveIntegerField(_("起始位置"), default=0)
    end = models.PositiveIntegerField(_("结束位置"), default=0)
    value = models.DecimalField(_("数值"), max_digits=28, decimal_places=6)
    value_max = models.DecimalField(_("上限"), max_digits=28, decimal_places=6, null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=12, blank=True)
    qualifier = models.CharField(_("限定"), max_length=12, choices=Qualifier, blank=True, default=Qualifier.EXACT)
    metric = models.CharField(_("指标"), max_length=200, db_index=True)
    period = models.CharField(_("时段"), max_length=40, blank=True, help_text=_("原文的写法:2020年、全年、截至目前"))
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True, db_index=True)
    as_of = models.DateField(_("截至"), null=True, blank=True)
    sentence = models.TextField(_("原句"))
    agencies = models.ManyToManyField("archive.Agency", blank=True, related_name="figures", verbose_name=_("机构"))
    campaigns = models.ManyToManyField(
        "archive.Campaign", blank=True, related_name="figures", verbose_name=_("专项行动")
    )
    review = models.CharField(_("审核"), max_length=12, choices=Review, default=Review.UNREVIEWED, db_index=True)
    curated = models.BooleanField(
        _("编辑修改过"), default=False, editable=False, help_text=_("编辑改过的数字在重新抽取时保持原样。")
    )

    objects = FigureQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["start", "end", "key"])

    class Meta:
        ordering = ["article", "start", "id"]
        verbose_name = _("数据")
        verbose_name_plural = _("数据")
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="one_figure_per_key")]
        indexes = [models.Index(fields=["metric", "year"], name="figure_series")]

    def __str__(self):
        return f"{self.metric} {self.text}"

    @property
    def exact_value(self) -> str:
        """The value as a plain decimal string: 322000, 12.5 (no exponent, no trailing zeros)."""
        return plain(self.value)

    @property
    def exact_value_max(self) -> str:
        return plain(self.value_max) if self.value_max is not None else ""

    @property
    def readable_value(self) -> str:
        """The value as a reader of the page's language writes it: 126.06万亿, 126.06 trillion."""
        return readable(self.value, _language())

    @property
    def readable_value_max(self) -> str:
        return readable(self.value_max, _language()) if self.value_max is not None else ""

    @property
    def readable_unit(self) -> str:
        """The unit as it follows the readable value: 元 after 126.06万亿, " 元" after 126.06 trillion."""
        return unit_after(self.unit, _language())

    @property
    def series(self) -> str:
        return MetricVariant.series_of(self.metric)


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def plain(value: Decimal) -> str:
    value = Decimal(value).normalize()
    return f"{value:f}"


def figure_key(text: str, sentence: str, occurrence: int) -> str:
    """A figure's identity within its article: its words, its sentence and which occurrence of
    those words in the sentence it is (96 bits of a SHA-256: a short index, no collisions)."""
    return hashlib.sha256(f"{text}|{sentence}|{occurrence}".encode()).hexdigest()[:24]


def curator_key() -> str:
    return f"curator:{uuid.uuid4().hex}"


class MetricVariant(models.Model):
    """Another wording of a metric, linked by a curator to the series it belongs to:
    破获电诈案件 and 侦破电信网络诈骗案件 are both 破获电信网络诈骗案件."""

    name = models.CharField(_("指标写法"), max_length=200, unique=True)
    series = models.CharField(_("归入系列"), max_length=200, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["series", "name"]
        verbose_name = _("指标异写")
        verbose_name_plural = _("指标异写")

    def __str__(self):
        return f"{self.name} → {self.series}"

    def clean(self):
        if self.name == self.series:
            raise ValidationError(_("写法与系列相同。"))
        if MetricVariant.objects.filter(name=self.series).exists():
            raise ValidationError({"series": _("“%(name)s”本身是另一系列的写法。") % {"name": self.series}})
        if MetricVariant.objects.filter(series=self.name).exclude(pk=self.pk).exists():
            raise ValidationError({"name": _("“%(name)s”已有自己的写法,不能再归入别的系列。") % {"name": self.name}})

    @classmethod
    def series_of(cls, metric: str) -> str:
        return cls.objects.filter(name=metric).values_list("series", flat=True).first() or metric

    @classmethod
    def names_of(cls, series: str) -> list[str]:
        series = cls.series_of(series)
        return [series, *cls.objects.filter(series=series).values_list("name", flat=True)]
