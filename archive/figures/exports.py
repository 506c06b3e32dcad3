"""The figures of a search as CSV: the figures page's FilterSet and order, streamed like the articles'
export (ids found once, rows read CHUNK at a time) with its escaping of formula cells. value and
value_max are exact decimal strings; value_display is how a Chinese reader writes the figure
(126.06万亿元, 3万–5万人), the same in every language of the site."""

import csv

from ..exports import CHUNK, _Echo, csv_cell
from ..models import SHANGHAI
from .models import Figure, MetricVariant
from .numbers import readable_quantity

FIELDS = [
    "article_id",
    "article_title",
    "article_url",
    "published_at",
    "value",
    "value_max",
    "value_display",
    "unit",
    "qualifier",
    "text",
    "metric",
    "series",
    "period",
    "year",
    "as_of",
    "agencies",
    "campaigns",
    "sentence",
    "review",
]
# Written by us from numbers and dates, never a formula: a value of -5 stays a number.
NUMERIC = {"article_id", "published_at", "value", "value_max", "year", "as_of"}


def figures_in_order(ids):
    """The figures of these ids, in this order, with their articles (without bodies), a chunk at a time."""
    figures = Figure.objects.select_related("article").defer("article__body").prefetch_related("agencies", "campaigns")
    for start in range(0, len(ids), CHUNK):
        chunk = list(figures.in_order(ids[start : start + CHUNK], CHUNK))
        metrics = {f.metric for f in chunk}
        series = dict(MetricVariant.objects.filter(name__in=metrics).values_list("name", "series"))
        for figure in chunk:
            figure.series_name = series.get(figure.metric, figure.metric)
            yield figure


def figure_record(figure, absolute_uri) -> dict:
    article = figure.article
    return {
        "article_id": article.pk,
        "article_title": article.title,
        "article_url": absolute_uri(article.get_absolute_url()),
        "published_at": article.published_at.astimezone(SHANGHAI).isoformat() if article.published_at else "",
        "value": figure.exact_value,
        "value_max": figure.exact_value_max,
        "value_display": readable_quantity(figure.value, figure.value_max, figure.unit),
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "text": figure.text,
        "metric": figure.metric,
        "series": figure.series_name,
        "period": figure.period,
        "year": figure.year,
        "as_of": figure.as_of.isoformat() if figure.as_of else "",
        "agencies": "|".join(a.name for a in figure.agencies.all()),
        "campaigns": "|".join(c.name for c in figure.campaigns.all()),
        "sentence": figure.sentence,
        "review": figure.review,
    }


def csv_lines(ids, absolute_uri):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(FIELDS)  # the byte-order mark: spreadsheets then read UTF-8
    for figure in figures_in_order(ids):
        record = figure_record(figure, absolute_uri)
        yield writer.writerow([record[f] if f in NUMERIC else csv_cell(record[f]) for f in FIELDS])
