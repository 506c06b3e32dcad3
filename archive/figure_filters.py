"""The one FilterSet behind the figures page, the series page and the figures CSV, and its facets.

An agency (or campaign) is a figure's when the figure's sentence names it, or, when the sentence
names none, when its article mentions it: 公安部's figures include "全年破获案件32.2万起" in an
article about 公安部 whose sentence names nobody, but not a sentence that names 人民银行.
"""

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .filters import YEARS
from .models import Agency, AgencyMention, Campaign, CampaignMention, Figure, MetricVariant
from .search.tokenize import normalise

SORTS = [
    ("newest", _("最新文章")),
    ("-value", _("数值从大到小")),
    ("value", _("数值从小到大")),
    ("year", _("年度")),
]
ORDERS = {
    "newest": [F("article__published_at").desc(nulls_last=True), "-article_id", "start", "id"],
    "-value": ["-value", "id"],
    "value": ["value", "id"],
    "year": [F("year").asc(nulls_last=True), "-value", "id"],
}
YEAR_BOUNDS = [MinValueValidator(1900), MaxValueValidator(2100)]
FACET_ROWS = 10  # agencies and campaigns shown, most figures first
SERIES_ROWS = 10


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class FigureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("指标"), method="filter_q", max_length=200)
    agency = django_filters.ModelMultipleChoiceFilter(
        label=_("机构"), queryset=Agency.objects.all(), to_field_name="slug", method="filter_agency"
    )
    campaign = django_filters.ModelMultipleChoiceFilter(
        label=_("专项行动"), queryset=Campaign.objects.all(), to_field_name="slug", method="filter_campaign"
    )
    year = django_filters.TypedMultipleChoiceFilter(label=_("年度"), choices=YEARS, coerce=int, field_name="year")
    year_from = YearFilter(label=_("起始年度"), field_name="year", lookup_expr="gte", validators=YEAR_BOUNDS)
    year_to = YearFilter(label=_("截止年度"), field_name="year", lookup_expr="lte", validators=YEAR_BOUNDS)
    unit = django_filters.CharFilter(label=_("单位"), field_name="unit", max_length=12)
    series = django_filters.CharFilter(label=_("系列"), method="filter_series", max_length=200)
    sort = django_filters.ChoiceFilter(label=_("排序"), choices=SORTS, method="filter_sort", empty_label=None)

    class Meta:
        model = Figure
        fields = []

    def filter_q(self, queryset, name, value):
        """Every word in the metric; a traditional word also as its simplified form."""
        for word in value.split():
            wanted = Q(metric__icontains=word)
            if normalise(word) != word:
                wanted |= Q(metric__icontains=normalise(word))
            queryset = queryset.filter(wanted)
        return queryset

    def filter_agency(self, queryset, name, agencies):
        return _named_or_mentioned(queryset, Figure.agencies.through, "agency", AgencyMention, agencies)

    def filter_campaign(self, queryset, name, campaigns):
        return _named_or_mentioned(queryset, Figure.campaigns.through, "campaign", CampaignMention, campaigns)

    def filter_series(self, queryset, name, value):
        return queryset.in_series(value)

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is applied last, in ordered()

    @property
    def chosen_sort(self) -> str:
        return (self.form.cleaned_data.get("sort") if self.is_valid() else None) or "newest"

    def ordered(self):
        """The matching figures in the chosen order; none when a parameter is malformed."""
        if not self.is_valid():
            return self.queryset.none()
        return self.qs.order_by(*ORDERS[self.chosen_sort])

    def matching(self, *skip: str):
        """The figures under every filter but those skipped (the form must be valid)."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facets(self) -> dict:
        """Counts per unit, year, agency and campaign, each counted under every filter but its own."""
        if not self.is_valid():
            return {}
        data = self.form.cleaned_data
        units = _per(self.matching("unit").exclude(unit=""), "unit").order_by("-n", "unit")
        years = _per(self.matching("year").exclude(year=None), "year").order_by("-year")
        agencies = _entity_counts(self.matching("agency"), Figure.agencies.through, "agency", AgencyMention)
        campaigns = _entity_counts(self.matching("campaign"), Figure.campaigns.through, "campaign", CampaignMention)
        chosen_agencies, chosen_campaigns = data.get("agency") or [], data.get("campaign") or []
        return {
            "unit": facet([(u, u, n) for u, n in units], {data.get("unit")} - {None, ""}, multiple=False),
            "year": facet([(str(y), str(y), n) for y, n in years], {str(y) for y in data.get("year") or []}),
            "agency": facet(_top(Agency.objects.all(), agencies, chosen_agencies), {a.slug for a in chosen_agencies}),
            "campaign": facet(
                _top(Campaign.objects.exclude(status=Campaign.Status.REJECTED), campaigns, chosen_campaigns),
                {c.slug for c in chosen_campaigns},
            ),
        }

    def top_series(self, rows: int = SERIES_ROWS) -> list[tuple[str, int]]:
        """The series with the most matching figures: (series name, figures), variants counted with their series."""
        if not self.is_valid():
            return []
        per_metric = dict(_per(self.qs.exclude(metric=""), "metric").order_by("-n", "metric")[: rows * 3])
        series = dict(MetricVariant.objects.filter(name__in=list(per_metric)).values_list("name", "series"))
        counts = {}
        for metric, n in per_metric.items():
            counts[series.get(metric, metric)] = counts.get(series.get(metric, metric), 0) + n
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:rows]


def _per(figures, field):
    """(value, figures) per value of a field: one GROUP BY, to be ordered by the caller."""
    return figures.values_list(field).annotate(n=Count("pk"))


def _named_or_mentioned(queryset, through, field, mentions, chosen):
    if not chosen:
        return queryset
    named = Exists(through.objects.filter(figure_id=OuterRef("pk"), **{f"{field}__in": chosen}))
    names_any = Exists(through.objects.filter(figure_id=OuterRef("pk")))
    mentioned = Exists(mentions.objects.active().filter(article_id=OuterRef("article_id"), **{f"{field}__in": chosen}))
    return queryset.filter(named | (~names_any & mentioned))


def _entity_counts(figures, through, field, mentions) -> dict[int, int]:
    """Figures per agency (or campaign) by the filter's rule: two GROUP BYs, one for the figures
    whose sentence names it, one for the figures of articles that mention it whose sentence names none."""
    counts = dict(
        through.objects.filter(figure__in=figures.values("pk")).values_list(field).annotate(n=Count("pk")).order_by()
    )
    unnamed = figures.exclude(Exists(through.objects.filter(figure_id=OuterRef("pk")))).values("pk")
    by_mention = (
        mentions.objects.active()
        .filter(article__figures__in=unnamed)
        .values_list(field)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for pk, n in by_mention:
        counts[pk] = counts.get(pk, 0) + n
    return counts


def _top(entities, counts: dict[int, int], chosen) -> list[tuple[str, str, int]]:
    """The FACET_ROWS entities with the most figures, and any chosen one beyond them."""
    wanted = sorted(counts, key=lambda pk: (-counts[pk], pk))[:FACET_ROWS] + [e.pk for e in chosen]
    found = entities.filter(pk__in=wanted)
    rows = sorted(found, key=lambda e: (-counts.get(e.pk, 0), e.name))
    return [(e.slug, e.name, counts.get(e.pk, 0)) for e in rows]


def facet(rows, selected: set, multiple: bool = True) -> list[dict]:
    """Facet items: each links to the filter with its key added (or, when selected, removed);
    a single-valued filter's link replaces the key instead of adding to it."""
    items = []
    for key, label, count in rows:
        chosen = key in selected
        if multiple:
            toggle = sorted(selected - {key}) if chosen else sorted(selected | {key})
        else:
            toggle = [] if chosen else [key]
        items.append({"key": key, "label": label, "count": count, "selected": chosen, "toggle": toggle})
    return items
