"""The ORM version of ArticleFilter, kept as the test oracle: the same filters written as Django
querysets, which the Listing (the one engine the pages, API and exports use) must agree with."""

from datetime import date, datetime, time, timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django_filters import FilterSet

from archive.documents.models import Document, Issuer
from archive.documents.numbers import number_key
from archive.figures.filters import FigureFilter
from archive.figures.models import Figure
from archive.filters import ArticleFilter
from archive.models import SHANGHAI, AgencyMention, CampaignMention
from archive.search import backend
from archive.search.query import Query, parse_query
from archive.search.tokenize import normalise


def _among(sql_and_params) -> RawSQL:
    """A boolean expression: the article is among the ids the backend's SQL selects."""
    sql, params = sql_and_params
    return RawSQL(f"archive_article.id IN ({sql})", params, output_field=BooleanField())  # noqa: S611


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=SHANGHAI)


class OrmArticleFilter(ArticleFilter):
    filter_queryset = FilterSet.filter_queryset  # each filter's method below, in SQL

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = ("q", "agency", "campaign", "source", "year", "reprint", "date_from", "date_to")
        for name in (*names, "issuer", "doc_type", "validity"):
            self.filters[name].method = f"filter_{name}"
        self.filters["predecessors"].method = self.filters["sort"].method = "filter_nothing"

    def filter_source(self, queryset, name, sources):
        return queryset.filter(source__in=sources) if sources else queryset

    def filter_year(self, queryset, name, years):
        return queryset.filter(year__in=years) if years else queryset

    def filter_q(self, queryset, name, value):
        query = parse_query(value)
        if query.is_empty:
            return queryset.none()
        if not query.clauses:  # exclusions alone: all but the articles with any of them
            matching = ~Q(pk__in=backend().matching_ids(Query(clauses=[query.excluded])))
        else:
            matching = Q(pk__in=backend().matching_ids(query))
        return queryset.filter(matching | self.numbered())

    def numbered(self) -> Q:
        """The document whose number the query is, in any of its written forms."""
        key = number_key((self.form.cleaned_data.get("q") or "").strip().strip('"“”'))
        return Q(pk__in=Document.objects.filter(number_key=key).values("pk")) if key else Q(pk=None)

    def filter_issuer(self, queryset, name, agencies):
        if not agencies:
            return queryset
        return queryset.filter(pk__in=Issuer.objects.filter(agency__in=agencies).values("document_id"))

    def filter_doc_type(self, queryset, name, kinds):
        return queryset.filter(document__doc_type__in=kinds) if kinds else queryset

    def filter_validity(self, queryset, name, values):
        return queryset.filter(document__validity__in=values) if values else queryset

    def filter_agency(self, queryset, name, agencies):
        if not agencies:
            return queryset
        mentions = AgencyMention.objects.active().filter(agency__in=self.chosen_agencies()).values("article_id")
        return queryset.filter(pk__in=mentions)

    def filter_nothing(self, queryset, name, value):
        return queryset  # predecessors widens the agency filter: see chosen_agencies()

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

    def ordered(self):
        """The matching articles in the chosen order; none when a parameter is malformed."""
        if not self.is_valid():
            return self.queryset.none()
        qs = self.qs.annotate(numbered=ExpressionWrapper(self.numbered(), output_field=BooleanField()))
        if self.chosen_sort == "oldest":
            return qs.order_by("-numbered", F("published_at").asc(nulls_last=True), "id")
        if self.chosen_sort == "relevance" and self.query.terms:
            qs = qs.annotate(
                in_title=_among(backend().title_match(self.query)), as_words=_among(backend().word_match(self.query))
            )
            return qs.order_by("-numbered", "-in_title", "-as_words", F("published_at").desc(nulls_last=True), "-id")
        return qs.order_by("-numbered", F("published_at").desc(nulls_last=True), "-id")


ORDERS = {
    "newest": [F("article__published_at").desc(nulls_last=True), "-article_id", "start", "id"],
    "-value": ["-value", "id"],
    "value": ["value", "id"],
    "year": [F("year").asc(nulls_last=True), "-value", "id"],
}


class OrmFigureFilter(FigureFilter):
    """FigureFilter's rules in the ORM, the oracle of FigureListing."""

    filter_queryset = FilterSet.filter_queryset

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("q", "agency", "campaign", "series"):
            self.filters[name].method = f"filter_{name}"
        self.filters["sort"].method = "filter_sort"

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

    def ordered(self):
        """The matching figures in the chosen order; none when a parameter is malformed."""
        if not self.is_valid():
            return self.queryset.none()
        return self.qs.order_by(*ORDERS[self.chosen_sort])


def _named_or_mentioned(queryset, through, field, mentions, chosen):
    if not chosen:
        return queryset
    named = Exists(through.objects.filter(figure_id=OuterRef("pk"), **{f"{field}__in": chosen}))
    names_any = Exists(through.objects.filter(figure_id=OuterRef("pk")))
    mentioned = Exists(mentions.objects.active().filter(article_id=OuterRef("article_id"), **{f"{field}__in": chosen}))
    return queryset.filter(named | (~names_any & mentioned))
