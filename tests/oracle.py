"""The ORM version of ArticleFilter, kept as the test oracle: the same filters written as Django
querysets, which the Listing (the one engine the pages, API and exports use) must agree with."""

from datetime import date, datetime, time, timedelta

from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL
from django_filters import FilterSet

from archive.filters import ArticleFilter
from archive.models import SHANGHAI, AgencyMention, CampaignMention
from archive.search import backend
from archive.search.query import parse_query


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
        for name in ("q", "agency", "campaign", "source", "year", "reprint", "date_from", "date_to"):
            self.filters[name].method = f"filter_{name}"
        self.filters["predecessors"].method = self.filters["sort"].method = "filter_nothing"

    def filter_source(self, queryset, name, sources):
        return queryset.filter(source__in=sources) if sources else queryset

    def filter_year(self, queryset, name, years):
        return queryset.filter(year__in=years) if years else queryset

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
        qs = self.qs
        if self.chosen_sort == "oldest":
            return qs.order_by(F("published_at").asc(nulls_last=True), "id")
        if self.chosen_sort == "relevance" and not self.query.is_empty:
            qs = qs.annotate(
                in_title=_among(backend().title_match(self.query)), as_words=_among(backend().word_match(self.query))
            )
            return qs.order_by("-in_title", "-as_words", F("published_at").desc(nulls_last=True), "-id")
        return qs.order_by(F("published_at").desc(nulls_last=True), "-id")
