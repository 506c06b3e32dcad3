"""The one FilterSet behind the list page, the API and the exports, and the facet counts over it."""

import hashlib
from datetime import date

import django_filters
from django import forms
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .documents.kinds import KINDS, doc_type
from .documents.models import Validity
from .listing import columns
from .listing.engine import FACETS, Listing, facet_items
from .listing.models import Generation
from .models import Agency, Article, Campaign, Source
from .paging import Ids
from .search.query import parse_query

SORTS = [("relevance", _("相关度")), ("newest", _("最新")), ("oldest", _("最早"))]
REPRINT = [("original", _("首发")), ("reprint", _("转载"))]
YEARS = [(y, str(y)) for y in range(1949, 2101)]
# Dates outside these are typing errors, and 9999-12-31 has no next day to end the range with.
DATES = [MinValueValidator(date(1900, 1, 1)), MaxValueValidator(date(2100, 12, 31))]


def doc_types() -> list[tuple[str, str]]:
    """The 文种 a document may have: the kinds the reader knows, and any other a curator wrote (as
    the generation's columns hold them: a SELECT DISTINCT over every document was 4.4 ms a request
    at 10,000 documents)."""
    known = list(dict.fromkeys(doc_type(kind) or kind for kind in KINDS))
    written = [kind for kind in columns.current().doc_types if kind]
    return [(kind, kind) for kind in [*known, *sorted(set(written) - set(known))]]


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("检索"),
        max_length=500,
        # Django's own message for this says nothing a reader understands (不允许是用空字符串).
        error_messages={"null_characters_not_allowed": _("检索词中含有空字符(NUL),请删去后再检索。")},
    )
    agency = django_filters.ModelMultipleChoiceFilter(
        label=_("机构"), queryset=Agency.objects.all(), to_field_name="slug"
    )
    predecessors = django_filters.BooleanFilter(label=_("含前身机构"), widget=forms.CheckboxInput)
    campaign = django_filters.ModelMultipleChoiceFilter(
        label=_("专项行动"), queryset=Campaign.objects.all(), to_field_name="slug"
    )
    source = django_filters.ModelMultipleChoiceFilter(
        label=_("来源"), queryset=Source.objects.all(), to_field_name="slug"
    )
    year = django_filters.TypedMultipleChoiceFilter(label=_("年份"), choices=YEARS, coerce=int)
    reprint = django_filters.MultipleChoiceFilter(
        label=_("首发/转载"),
        choices=REPRINT,
        help_text=_("首发:无近似重复,或转载家族中最早的一篇;转载:家族中较晚的各篇。"),
    )
    date_from = django_filters.DateFilter(
        label=_("起始日期"), validators=DATES, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("截止日期"), validators=DATES, widget=forms.DateInput(attrs={"type": "date"})
    )
    issuer = django_filters.ModelMultipleChoiceFilter(
        label=_("发文机关"),
        queryset=Agency.objects.all(),
        to_field_name="slug",
        help_text=_("政策文件的发文机关(不同于正文提到的机构);多选为任一。"),
    )
    doc_type = django_filters.MultipleChoiceFilter(label=_("文种"), choices=doc_types)
    validity = django_filters.MultipleChoiceFilter(label=_("时效性"), choices=Validity.choices)
    sort = django_filters.ChoiceFilter(label=_("排序"), choices=SORTS, empty_label=None)

    class Meta:
        model = Article
        fields = []

    def chosen_agencies(self) -> list:
        """The agencies asked for, and with predecessors=1 every agency they succeeded."""
        agencies = list(self.form.cleaned_data.get("agency") or [])
        if agencies and self.form.cleaned_data.get("predecessors"):
            agencies = Agency.with_predecessors(agencies)
        return agencies

    def filter_queryset(self, queryset):
        """The one engine is the Listing (in-memory columns over the index): qs holds its articles.
        tests/oracle.py keeps the same filters in the ORM, to check it against."""
        return queryset.filter(pk__in=self.ids())

    @property
    def query(self):
        return parse_query(self.form.cleaned_data.get("q") or "") if self.is_valid() else parse_query("")

    @property
    def chosen_sort(self):
        chosen = self.form.cleaned_data.get("sort") if self.is_valid() else None
        return chosen or ("relevance" if self.query.terms else "newest")

    def listing(self):
        """The search answered from the index and the in-memory columns (None when malformed)."""
        if not hasattr(self, "_listing"):
            if self.is_valid():
                cleaned = {**self.form.cleaned_data, "agency": self.chosen_agencies()}
                self._listing = Listing(cleaned, self.query, self.chosen_sort)
            else:
                self._listing = None
        return self._listing

    def ids(self) -> Ids:
        """The matching ids in the chosen order (none when a parameter is malformed)."""
        listing = self.listing()
        return Ids(listing.ordered_ids()) if listing else Ids()

    def facets(self):
        """Counts per agency, campaign, source and year; each counted with every filter but its own.

        Without a query the counts are the same for everyone: they are cached per archive generation
        (any change to articles, mentions or names draws a new one) and interface language (the
        agencies' and campaigns' names), so browsing costs one lookup.
        """
        if not self.is_valid():
            return {}
        selected = {name: {str(v) for v in self.data.getlist(name)} for name in FACETS}
        if self.query.is_empty:
            shown = sorted((k, v) for k, values in self.data.lists() if k not in ("page", "sort") for v in values)
            key = f"facets:{get_language()}:{Generation.current()}:{hashlib.sha256(repr(shown).encode()).hexdigest()}"
            counts = cache.get(key)
            if counts is None:
                counts = self.listing().facet_counts()
                cache.set(key, counts, timeout=3600)
        else:
            counts = self.listing().facet_counts()
        counts = {**counts, **{name: translated(counts.get(name, []), dict(choices)) for name, choices in LABELLED}}
        return {name: facet_items(rows, selected[name]) for name, rows in counts.items()}


LABELLED = [("reprint", REPRINT), ("validity", Validity.choices)]  # facets whose keys are shown translated


def translated(rows, labels) -> list[tuple[str, str, int]]:
    return [(key, str(labels.get(key, key)), n) for key, _, n in rows]
