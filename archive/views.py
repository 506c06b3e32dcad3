from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Prefetch
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from . import citations, reprints
from .filters import ArticleFilter
from .models import Agency, AgencyMention, Article, Campaign, CampaignMention
from .related import related_ids
from .search import columns
from .search.snippets import highlight, snippet


def article_rows(articles):
    """What a list of articles needs, in a fixed number of queries."""
    return articles.select_related("source").prefetch_related(
        Prefetch("agency_mentions", AgencyMention.objects.active().select_related("agency")),
        Prefetch("campaign_mentions", CampaignMention.objects.active().select_related("campaign")),
        "copies",
    )


class FilteredArticlesMixin:
    """The FilterSet over published articles, one page of them, and the facets."""

    page_size = 20

    def search(self):
        filterset = ArticleFilter(self.request.GET, queryset=Article.objects.published())
        listing = filterset.listing()
        ids = listing.ordered_ids() if listing else []
        page = Paginator(ids, self.page_size).get_page(self.request.GET.get("page"))
        words = filterset.query.highlight_words
        page_ids = [int(pk) for pk in page.object_list]
        by_pk = {a.pk: a for a in article_rows(Article.objects.filter(pk__in=page_ids))}
        page.object_list = [by_pk[pk] for pk in page_ids if pk in by_pk]
        for article in page.object_list:
            article.snippet = snippet(article.body, words)
            article.title_html = highlight(article.title, words)
        return filterset, page


class ArticleListView(FilteredArticlesMixin, TemplateView):
    template_name = "archive/article_list.html"

    def get_context_data(self, **kwargs):
        filterset, page = self.search()
        query = self.request.GET.copy()
        query.pop("page", None)
        facets = filterset.facets()
        return super().get_context_data(
            filter=filterset,
            page_obj=page,
            facets=facets,
            export_query=query.urlencode(),
            year_chart=year_points(facets.get("year", []), query),
            **kwargs,
        )


def year_points(items, query) -> list[dict]:
    """The year facet, oldest first, each year linked to the search narrowed to it."""
    points = []
    for item in sorted(items, key=lambda i: int(i["key"])):
        narrowed = query.copy()
        narrowed.setlist("year", [item["key"]])
        points.append({"year": int(item["key"]), "count": item["count"], "url": f"/?{narrowed.urlencode()}"})
    return points


class ArticleDetailView(DetailView):
    queryset = article_rows(Article.objects.published())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = related_ids(self.object.pk, title=self.object.title)
        rows = {a.pk: a for a in Article.objects.filter(pk__in=ids).select_related("source")}
        context["related"] = [rows[pk] for pk in ids if pk in rows]
        context["family"] = reprints.family_of(self.object)
        context["first_publisher"] = next(
            (other for other, _ in context["family"] if other.pk == self.object.family_id), None
        )
        cited = citable(self.request, self.object)
        context["permalink"] = cited.permalink
        context["citations"] = [(label, style(cited)) for label, style in citations.STYLES.values()]
        return context


def citable(request, article):
    return citations.Citable.of(article, request.build_absolute_uri(article.get_absolute_url()))


CITATION_FILES = {
    "ris": (citations.ris, "application/x-research-info-systems"),
    "bib": (citations.bibtex, "application/x-bibtex"),
}


def article_citation(request, pk, fmt):
    """The citation as a file a reference manager imports: .ris or .bib."""
    if fmt not in CITATION_FILES:
        raise Http404(f"no citation format {fmt}")
    article = get_object_or_404(Article.objects.published().select_related("source"), pk=pk)
    style, kind = CITATION_FILES[fmt]
    response = HttpResponse(style(citable(request, article)), content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="archive-{article.pk}.{fmt}"'
    return response


class AgencyListView(ListView):
    queryset = Agency.objects.annotate(n=Count("mentions")).select_related("parent").order_by("kind", "name")


class CampaignListView(ListView):
    queryset = (
        Campaign.objects.filter(status=Campaign.Status.CONFIRMED).annotate(n=Count("mentions")).order_by("-n", "name")
    )


class EntityArticlesMixin:
    """An agency or campaign with its newest articles and the span of its mentions."""

    mention_model = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mentions = self.mention_model.objects.active().filter(**{self.mention_field: self.object})
        articles = Article.objects.published().filter(pk__in=mentions.values("article_id"))
        context["articles"] = article_rows(articles.order_by("-published_at", "-id"))[:20]
        context["span"] = articles.aggregate(n=Count("id"), first=Min("published_at"), last=Max("published_at"))
        query = QueryDict(mutable=True)
        query[self.mention_field] = self.object.slug
        cols = columns.current()
        of, doc = getattr(cols, f"{self.mention_field}_of"), getattr(cols, f"{self.mention_field}_doc")
        counts = cols.count_values(cols.year, cols.having(of, doc, {self.object.pk}) & (cols.year > 0))
        items = [{"key": str(year), "count": n} for year, n in counts.items()]
        context["year_chart"] = year_points(items, query)
        return context


class AgencyDetailView(EntityArticlesMixin, DetailView):
    queryset = Agency.objects.select_related("parent", "successor").prefetch_related("aliases", "predecessors")
    mention_model, mention_field = AgencyMention, "agency"


class CampaignDetailView(EntityArticlesMixin, DetailView):
    queryset = Campaign.objects.exclude(status=Campaign.Status.REJECTED).prefetch_related(
        "aliases", "lead_agencies", "agencies"
    )
    mention_model, mention_field = CampaignMention, "campaign"

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])
