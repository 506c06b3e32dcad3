"""Figures as data: the statistics articles report, one record each, and the series they form.

The extraction is archive/ingest/figures.py (pure); this module stores its results, keeps a
curator's decisions across re-extraction and groups metrics into series.
"""

import hashlib
import uuid
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class FigureQuerySet(models.QuerySet):
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

    article = models.ForeignKey("Article", models.CASCADE, related_name="figures", verbose_name=_("文章"))
    key = models.CharField(max_length=64, editable=False)
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
    agencies = models.ManyToManyField("Agency", blank=True, related_name="figures", verbose_name=_("机构"))
    campaigns = models.ManyToManyField("Campaign", blank=True, related_name="figures", verbose_name=_("专项行动"))
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
    def series(self) -> str:
        return MetricVariant.series_of(self.metric)


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
        from django.core.exceptions import ValidationError

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


def local_date(published_at):
    from .models import SHANGHAI

    return published_at.astimezone(SHANGHAI).date() if published_at else None


# The columns a figure is written with (archive_figure), in the order records() gives them.
WRITTEN = [
    "key",
    "text",
    "start",
    "end",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "metric",
    "period",
    "year",
    "as_of",
]
WRITTEN += ["sentence"]


def records(found) -> list[tuple]:
    """What extract_figures found, as rows to write: the WRITTEN values, then the names of the
    agencies and of the campaigns its sentence names. Pure, so the import's workers make them."""
    from .search.tokenize import normalise

    seen, rows = {}, []
    for figure in found:
        sentence = normalise(figure.sentence)
        seen[(figure.text, sentence)] = occurrence = seen.get((figure.text, sentence), 0) + 1
        rows.append(
            (
                figure_key(figure.text, sentence, occurrence),
                figure.text[:80],
                figure.start,
                figure.end,
                figure.value,
                figure.value_max,
                figure.unit[:12],
                figure.qualifier,
                figure.metric[:200],
                figure.period[:40],
                figure.year,
                figure.as_of,
                figure.sentence,
                tuple(figure.agencies),
                tuple(figure.campaigns),
            )
        )
    return rows


def write(batch) -> None:
    """Write (article_id, records) pairs and the agencies and confirmed campaigns their sentences
    name. Plain executemany, as the fingerprints are written: model instances and bulk_create's
    compiling cost the bulk import a fifth of its time."""
    from django.db import connection

    from .models import Agency, Campaign

    batch = [(article_id, rows) for article_id, rows in batch if rows]
    if not batch:
        return
    ops, quote = connection.ops, connection.ops.quote_name
    values = [
        (
            article_id,
            *row[:4],
            ops.adapt_decimalfield_value(row[4], 28, 6),
            ops.adapt_decimalfield_value(row[5], 28, 6) if row[5] is not None else None,
            *row[6:11],
            ops.adapt_datefield_value(row[11]),
            row[12],
            Figure.Review.UNREVIEWED,
            False,
        )
        for article_id, rows in batch
        for row in rows
    ]
    columns = ", ".join(quote(c) for c in ["article_id", *WRITTEN, "review", "curated"])
    marks = ", ".join(["%s"] * (len(WRITTEN) + 3))
    table = quote(Figure._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
    written = {(a, row[0]) for a, rows in batch for row in rows}
    ids = {}
    articles = sorted({a for a, _ in batch})
    for start in range(0, len(articles), 500):
        chunk = Figure.objects.filter(article_id__in=articles[start : start + 500])
        for pk, article_id, key in chunk.values_list("pk", "article_id", "key"):
            if (article_id, key) in written:
                ids[(article_id, key)] = pk
    names = {"agency": set(), "campaign": set()}
    for _article, rows in batch:
        for row in rows:
            names["agency"].update(row[13])
            names["campaign"].update(row[14])
    agencies = dict(Agency.objects.filter(name__in=names["agency"]).values_list("name", "pk"))
    campaigns = Campaign.objects.filter(name__in=names["campaign"], status=Campaign.Status.CONFIRMED)
    campaigns = dict(campaigns.values_list("name", "pk"))
    for field, through, known, at in (
        ("agency_id", Figure.agencies.through, agencies, 13),
        ("campaign_id", Figure.campaigns.through, campaigns, 14),
    ):
        pairs = [
            (ids[(a, row[0])], known[name]) for a, rows in batch for row in rows for name in row[at] if name in known
        ]
        if pairs:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {quote(through._meta.db_table)} (figure_id, {field}) VALUES (%s, %s)", pairs
                )


def replace(article, found) -> None:
    """Put an article's new extraction in place of its old one. A figure a curator reviewed or
    corrected stays as the curator left it while its words are still in the same sentence (its
    place in the text follows the edit); a figure a curator added stays always."""
    replace_records(article, records(found))


def replace_records(article, rows) -> None:
    decided = {
        key: (pk, start, end)
        for pk, key, start, end in Figure.objects.filter(article=article)
        .exclude(review=Figure.Review.UNREVIEWED, curated=False)
        .values_list("pk", "key", "start", "end")
    }
    new_keys = {row[0] for row in rows}
    Figure.objects.filter(article=article).exclude(key__in=[k for k in decided if k in new_keys]).exclude(
        key__startswith="curator:"
    ).delete()
    for row in rows:
        if row[0] in decided and decided[row[0]][1:] != (row[2], row[3]):
            Figure.objects.filter(pk=decided[row[0]][0]).update(start=row[2], end=row[3])
    write([(article.pk, [row for row in rows if row[0] not in decided])])


def highlighted_paragraphs(body: str, figures) -> list:
    """The body's paragraphs (as Article.paragraphs splits them) as HTML, each figure's words in a
    <mark> that the list beside the text links to. Text is escaped; a figure whose place no longer
    holds its words (the body was edited and not extracted again) is not marked."""
    import re

    from django.utils.html import escape, format_html
    from django.utils.safestring import mark_safe

    marks = sorted((f for f in figures if body[f.start : f.end] == f.text), key=lambda f: f.start)
    paragraphs = []
    for match in re.finditer(r"(?:(?!\n\n).)+", body, re.S):
        if not match.group().strip():
            continue
        html, at = [], match.start()
        for figure in (f for f in marks if match.start() <= f.start and f.end <= match.end()):
            if figure.start < at:
                continue
            html.append(escape(body[at : figure.start]))
            html.append(
                format_html(
                    '<mark class="figure" id="figure-{}" title="{}">{}</mark>', figure.pk, figure.metric, figure.text
                )
            )
            at = figure.end
        html.append(escape(body[at : match.end()]))
        paragraphs.append(mark_safe("".join(html)))  # noqa: S308  every piece was escaped above
    return paragraphs
