"""Writing figures: the extractor's findings as rows, written in bulk on import, and put in place
of an article's earlier ones without losing what a curator decided."""

from django.db import connection

from ..models import Agency, Campaign
from ..rows import insert_rows
from ..search.tokenize import normalise
from .models import Figure, figure_key

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
    name. Rows, as the fingerprints are written: model instances and bulk_create's compiling cost
    the bulk import a fifth of its time."""
    batch = [(article_id, rows) for article_id, rows in batch if rows]
    if not batch:
        return
    ops = connection.ops
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
    insert_rows(Figure._meta.db_table, ["article_id", *WRITTEN, "review", "curated"], values)
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
        insert_rows(through._meta.db_table, ["figure_id", field], pairs)


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
