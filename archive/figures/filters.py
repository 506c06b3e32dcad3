"""The one FilterSet behind the figures page, the series page and the figures CSV, and its facets.

An agency (or campaign) is a figure's when the figure's sentence names it, or, when the sentence
names none, when its article mentions it: 公安部's figures include "全年破获案件32.2万起" in an
article about 公安部 whose sentence names nobody, but not a sentence that names 人民银行.
"""

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..filters import YEARS
from ..listing.engine import facet_items, labels, top_rows
from ..models import Agency, AgencyMention, Campaign, CampaignMention
from ..search.tokenize import normalise
from .columns import FigureListing
from .models import Figure

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
        return queryset.in_series(normalise(value))

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

    def listing(self):
        """The figures over the in-memory columns (archive/figure_columns.py); None when a
        parameter is malformed."""
        return FigureListing(self.form.cleaned_data) if self.is_valid() else None

    def facets(self) -> dict:
        """Counts per unit, year, agency and campaign, each counted under every filter but its own."""
        listing = self.listing()
        if listing is None:
            return {}
        data, counts = self.form.cleaned_data, listing.facets()
        units = sorted(counts["unit"].items(), key=lambda item: (-item[1], item[0]))
        years = sorted(counts["year"].items(), reverse=True)
        chosen_agencies, chosen_campaigns = data.get("agency") or [], data.get("campaign") or []
        return {
            "unit": facet_items([(u, u, n) for u, n in units], {data.get("unit")} - {None, ""}, multiple=False),
            "year": facet_items([(str(y), str(y), n) for y, n in years], {str(y) for y in data.get("year") or []}),
            "agency": facet_items(
                top_rows(counts["agency"], labels(Agency.objects.all()), FACET_ROWS, [a.pk for a in chosen_agencies]),
                {a.slug for a in chosen_agencies},
            ),
            "campaign": facet_items(
                top_rows(
                    counts["campaign"],
                    labels(Campaign.objects.exclude(status=Campaign.Status.REJECTED)),
                    FACET_ROWS,
                    [c.pk for c in chosen_campaigns],
                ),
                {c.slug for c in chosen_campaigns},
            ),
        }

    def top_series(self, rows: int = SERIES_ROWS) -> list[tuple[str, int]]:
        """The series with the most matching figures: (series name, figures), variants counted with their series."""
        listing = self.listing()
        return listing.top_series(rows) if listing is not None else []


def _named_or_mentioned(queryset, through, field, mentions, chosen):
    if not chosen:
        return queryset
    named = Exists(through.objects.filter(figure_id=OuterRef("pk"), **{f"{field}__in": chosen}))
    names_any = Exists(through.objects.filter(figure_id=OuterRef("pk")))
    mentioned = Exists(mentions.objects.active().filter(article_id=OuterRef("article_id"), **{f"{field}__in": chosen}))
    return queryset.filter(named | (~names_any & mentioned))
