"""The one FilterSet behind the figures page, the series page and the figures CSV, and its facets.

An agency (or campaign) is a figure's when the figure's sentence names it, or, when the sentence
names none, when its article mentions it: 公安部's figures include "全年破获案件32.2万起" in an
article about 公安部 whose sentence names nobody, but not a sentence that names 人民银行.
"""

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from ..filters import YEARS
from ..listing.engine import facet_items, labels, top_rows
from ..models import Agency, Campaign
from ..paging import Ids
from .columns import FigureListing
from .models import Figure

SORTS = [
    ("newest", _("最新文章")),
    ("-value", _("数值从大到小")),
    ("value", _("数值从小到大")),
    ("year", _("年度")),
]
YEAR_BOUNDS = [MinValueValidator(1900), MaxValueValidator(2100)]
FACET_ROWS = 10  # agencies and campaigns shown, most figures first
SERIES_ROWS = 10


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class FigureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("指标"), max_length=200)
    agency = django_filters.ModelMultipleChoiceFilter(
        label=_("机构"), queryset=Agency.objects.all(), to_field_name="slug"
    )
    campaign = django_filters.ModelMultipleChoiceFilter(
        label=_("专项行动"), queryset=Campaign.objects.all(), to_field_name="slug"
    )
    year = django_filters.TypedMultipleChoiceFilter(label=_("年度"), choices=YEARS, coerce=int, field_name="year")
    year_from = YearFilter(label=_("起始年度"), field_name="year", lookup_expr="gte", validators=YEAR_BOUNDS)
    year_to = YearFilter(label=_("截止年度"), field_name="year", lookup_expr="lte", validators=YEAR_BOUNDS)
    unit = django_filters.CharFilter(label=_("单位"), field_name="unit", max_length=12)
    series = django_filters.CharFilter(label=_("系列"), max_length=200)
    sort = django_filters.ChoiceFilter(label=_("排序"), choices=SORTS, empty_label=None)

    class Meta:
        model = Figure
        fields = []

    @property
    def chosen_sort(self) -> str:
        return (self.form.cleaned_data.get("sort") if self.is_valid() else None) or "newest"

    def listing(self):
        """The figures over the in-memory columns (columns.py), built once for the page, its facets
        and its series; None when a parameter is malformed."""
        if not hasattr(self, "_listing"):
            self._listing = FigureListing(self.form.cleaned_data) if self.is_valid() else None
        return self._listing

    def ids(self) -> Ids:
        """The matching ids in the chosen order (none when a parameter is malformed)."""
        listing = self.listing()
        return Ids(listing.ordered_ids(self.chosen_sort)) if listing else Ids()

    def filter_queryset(self, queryset):
        """The one engine is FigureListing (in-memory columns): qs holds its figures. tests/oracle.py
        keeps the same filters in the ORM, to check it against."""
        return queryset.filter(pk__in=self.ids())

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
