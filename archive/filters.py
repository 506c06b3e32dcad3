"""The one FilterSet behind the list page, the API and the exports, and the facet counts over it."""

import hashlib
from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .models import SHANGHAI, Agency, AgencyMention, Article, Campaign, CampaignMention, Generation, Source
from .search import backend
from .search.listing import FACETS, Listing
from .search.query import parse_query

SORTS = [("relevance", _("相关度")), ("newest", _("最新")), ("oldest", _("最早"))]
REPRINT = [("original", _("首发")), ("reprint", _("转载"))]
YEARS = [(y, str(y)) for y in range(1949, 2101)]
# Dates outside these are typing errors, and 9999-12-31 has no next day to end the range with.
DATES = [MinValueValidator(date(1900, 1, 1)), MaxValueValidator(date(2100, 12, 31))]


def _day_start(day):
    return datetime.combine(day, time(), tzinfo=SHANGHAI)


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("检索"), method="filter_q", max_length=500)
    agency = django_filters.ModelMultipleChoiceFilter(
        label=_("机构"), queryset=Agency.objects.all(), to_field_name="slug", method="filter_agency"
    )
    predecessors = django_filters.BooleanFilter(
        label=_("含前身机构"), method="filter_nothing", widget=forms.CheckboxInput, field_name="predecessors"
    )
    campaign = django_filters.ModelMultipleChoiceFilter(
        label=_("专项行动"), queryset=Campaign.objects.all(), to_field_name="slug", method="filter_campaign"
    )
    source = django_filters.ModelMultipleChoiceFilter(
        label=_("来源"), queryset=Source.objects.all(), to_field_name="slug", field_name="source__slug"
    )
    year = django_filters.TypedMultipleChoiceFilter(label=_("年份"), choices=YEARS, coerce=int, field_name="year")
    reprint = django_filters.MultipleChoiceFilter(
        label=_("首发/转载"),
        choices=REPRINT,
        method="filter_reprint",
        help_text=_("首发:无近似重复,或转载家族中最早的一篇;转载:家族中较晚的各篇。"),
    )
    date_from = django_filters.DateFilter(
        label=_("起始日期"), method="filter_date_from", validators=DATES, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("截止日期"), method="filter_date_to", validators=DATES, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = django_filters.ChoiceFilter(label=_("排序"), choices=SORTS, method="filter_sort", empty_label=None)

    class Meta:
        model = Article
        fields = []

    def filter_q(self, queryset, name, value):
        query = parse_query(value)
        return queryset.none() if query.is_empty else queryset.filter(pk__in=backend().matching_ids(query))

    def filter_agency(self, queryset, name, agencies):
        if not agencies:
            return queryset
        mentions = AgencyMention.objects.active().filter(agency__in=self.chosen_agencies()).values("article_id")
        return queryset.filter(pk__in=mentions)

    def filter_nothing(self, queryset, name, value):
        return queryset  # predecessors widens the agency filter: see chosen_agencies()

    def chosen_agencies(self) -> list:
        """The agencies asked for, and with predecessors=1 every agency they succeeded."""
        agencies = list(self.form.cleaned_data.get("agency") or [])
        if agencies and self.form.cleaned_data.get("predecessors"):
            agencies = Agency.with_predecessors(agencies)
        return agencies

    def filter_campaign(self, queryset, name, campaigns):
        if not campaigns:
            return queryset
        mentions = CampaignMention.objects.active().filter(campaign__in=campaigns).values("article_id")
        return queryset.filter(pk__in=mentions)

    def filter_reprint(self, queryset, name, values):
        chosen = set(values)
        if not chosen or chosen == {"original", "reprint"}:
            return queryset
        original = Q(family__isnull=True) | Q(family=F("pk"))
        return queryset.filter(original if chosen == {"original"} else ~original)

    def filter_date_from(self, queryset, name, day):
        return queryset.filter(published_at__gte=_day_start(day))

    def filter_date_to(self, queryset, name, day):
        return queryset.filter(published_at__lt=_day_start(day + timedelta(days=1)))

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is applied last, in ordered()

    @property
    def query(self):
        return parse_query(self.form.cleaned_data.get("q") or "") if self.is_valid() else parse_query("")

    @property
    def chosen_sort(self):
        chosen = self.form.cleaned_data.get("sort") if self.is_valid() else None
        return chosen or ("relevance" if not self.query.is_empty else "newest")

    def ordered(self):
        """The matching articles in the chosen order; none when a parameter is malformed."""
        if not self.is_valid():
            return self.queryset.none()
        qs = self.qs
        if self.chosen_sort == "oldest":
            return qs.order_by(F("published_at").asc(nulls_last=True), "id")
        if self.chosen_sort == "relevance" and not self.query.is_empty:
            search = backend()
            qs = qs.annotate(in_title=search.title_matches(self.query), as_words=search.word_matches(self.query))
            return qs.order_by("-in_title", "-as_words", F("published_at").desc(nulls_last=True), "-id")
        return qs.order_by(F("published_at").desc(nulls_last=True), "-id")

    def listing(self):
        """The search answered from the index and the in-memory columns (None when malformed)."""
        if not hasattr(self, "_listing"):
            if self.is_valid():
                cleaned = {**self.form.cleaned_data, "agency": self.chosen_agencies()}
                self._listing = Listing(cleaned, self.query, self.chosen_sort)
            else:
                self._listing = None
        return self._listing

    def facets(self):
        """Counts per agency, campaign, source and year; each counted with every filter but its own.

        Without a query the counts are the same for everyone: they are cached per archive generation
        (any change to articles, mentions or names draws a new one), so browsing costs one lookup.
        """
        if not self.is_valid():
            return {}
        selected = {name: {str(v) for v in self.data.getlist(name)} for name in FACETS}
        if self.query.is_empty:
            shown = sorted((k, v) for k, values in self.data.lists() if k not in ("page", "sort") for v in values)
            key = f"facets:{Generation.current()}:{hashlib.sha256(repr(shown).encode()).hexdigest()}"
            counts = cache.get(key)
            if counts is None:
                counts = self.listing().facet_counts()
                cache.set(key, counts, timeout=3600)
        else:
            counts = self.listing().facet_counts()
        labels = dict(REPRINT)
        counts = {**counts, "reprint": [(key, str(labels[key]), n) for key, _, n in counts.get("reprint", [])]}
        return {name: _facet(rows, selected[name]) for name, rows in counts.items()}


def _facet(rows, selected):
    items = []
    for key, label, count in rows:
        chosen = key in selected
        toggle = sorted(selected - {key}) if chosen else sorted(selected | {key})
        items.append({"key": key, "label": label, "count": count, "selected": chosen, "toggle": toggle})
    return items
