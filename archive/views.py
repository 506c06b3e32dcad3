from django.core.paginator import Page
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView

from . import charts, citations
from .captures.models import Original
from .collation import entity_key
from .documents.models import Document
from .figures.marks import highlighted_paragraphs
from .filters import ArticleFilter
from .models import Agency, Alias, Article, Campaign
from .paging import page_or_404
from .related import related_ids
from .reprints.families import family_of
from .search.snippets import highlight, snippet


def with_snippets(page: Page, words, articles=None) -> Page:
    """The page's articles (its object_list, ids) read in order from articles (by default with what
    a list shows, for_listing()), each with its title and a snippet of its body highlighted."""
    articles = Article.objects.for_listing() if articles is None else articles
    page.object_list = list(articles.in_order(page.object_list))
    for article in page.object_list:
        article.snippet = snippet(article.body, words)
        article.title_html = highlight(article.title, words)
    return page


class FilteredArticlesMixin:
    """The FilterSet over published articles (the list page's and the API's)."""

    def get_filterset(self) -> ArticleFilter:
        return ArticleFilter(self.request.GET, queryset=Article.objects.published())


class ArticleListView(FilteredArticlesMixin, TemplateView):
    template_name = "archive/article_list.html"

    def get_context_data(self, **kwargs):
        filterset = self.get_filterset()
        page = page_or_404(filterset.ids(), self.request.GET.get("page"))
        with_snippets(page, filterset.query.highlight_words)
        query = self.request.GET.copy()
        query.pop("page", None)
        facets = filterset.facets()
        per_year = {int(item["key"]): item["count"] for item in facets.get("year", [])}
        return super().get_context_data(
            filter=filterset,
            page_obj=page,
            facets=facets,
            export_query=query.urlencode(),
            chart=charts.timeline(filterset, query, per_year),
            **kwargs,
        )


class ArticleDetailView(DetailView):
    # The record once, with what the page shows of it (Document.objects.for_page); the citations read it too.
    queryset = (
        Article.objects.published().for_listing().prefetch_related(Prefetch("document", Document.objects.for_page()))
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = related_ids(self.object.pk, title=self.object.title)
        context["related"] = list(Article.objects.select_related("source").in_order(ids))
        context["family"] = family_of(self.object)
        context["first_publisher"] = next(
            (other for other, _ in context["family"] if other.pk == self.object.family_id), None
        )
        context["figures"] = list(self.object.figures.exclude(review="wrong").order_by("start"))
        context["paragraphs"] = highlighted_paragraphs(self.object.body, context["figures"])
        cited = citable(self.request, self.object)
        context["permalink"] = cited.permalink
        context["document"] = getattr(self.object, "document", None)
        context["citations"] = [(label, style(cited)) for label, style in citations.STYLES.values()]
        context["kept_originals"] = Original.objects.kept([copy.raw_hash for copy in self.object.copies.all()])
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
    article = get_object_or_404(Article.objects.published().with_records(), pk=pk)
    style, kind = CITATION_FILES[fmt]
    response = HttpResponse(style(citable(request, article)), content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="archive-{article.pk}.{fmt}"'
    return response


def counted(entities, facet: str) -> list:
    """The agencies (or campaigns), each with n: the published articles that mention it, a curator's
    removals left out. It is the list page's facet with no filter, so what each one's own page lists."""
    counts = ArticleFilter(QueryDict(), queryset=Article.objects.published()).listing().mentioned_with(facet)
    entities = list(entities)
    for entity in entities:
        entity.n = counts.get(entity.pk, 0)
    return entities


class AgencyListView(ListView):
    """Grouped by kind in the order Agency.Kind declares (central bodies first, 其他 last); in a group,
    by name as the reader reads it: pinyin, or the English name on English pages."""

    template_name = "archive/agency_list.html"

    def get_queryset(self):
        groups = {kind: at for at, kind in enumerate(Agency.Kind)}
        return sorted(
            counted(Agency.objects.confirmed(), "agency"),
            key=lambda agency: (groups.get(agency.kind, len(groups)), entity_key(agency)),
        )


class CampaignListView(ListView):
    """The confirmed campaigns, the most mentioned first, then by name as the reader reads it."""

    template_name = "archive/campaign_list.html"

    def get_queryset(self):
        campaigns = counted(Campaign.objects.filter(status=Campaign.Status.CONFIRMED), "campaign")
        return sorted(campaigns, key=lambda campaign: (-campaign.n, entity_key(campaign)))


class EntityArticlesMixin:
    """An agency or campaign: a page of its articles (newest first), their span, the chart of them
    over time and the campaigns (or agencies) they mention, all narrowed by the date filters of the
    query string."""

    facet = None  # "agency" or "campaign": the list page's parameter for this entity
    other = None  # the facet of the entities met in its articles
    date_filters = ("year", "date_from", "date_to")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset, query, errors = self.search()
        self.query = query
        listing = filterset.listing()
        page = page_or_404(listing.ordered_ids(), self.request.GET.get("page"))
        first, last = listing.date_span()
        self.per_year = listing.per_year()
        return {
            **context,
            "articles": list(Article.objects.for_listing().in_order(page.object_list)),
            "page_obj": page,
            "span": {"n": listing.count, "first": first, "last": last},
            "chart": charts.timeline(filterset, query, self.per_year),
            "mentioned_with": mentioned_with(listing, self.other, query),
            "list_query": query.urlencode(),
            "narrowed": any(name in query for name in self.date_filters),
            "errors": errors,
            "filter": filterset,
        }

    def search(self):
        """The FilterSet of this entity and the date filters asked for; malformed ones are
        dropped, and their errors returned to be shown."""
        query = QueryDict(mutable=True)
        query[self.facet] = self.object.slug
        for name in self.date_filters:
            if self.request.GET.getlist(name):
                query.setlist(name, self.request.GET.getlist(name))
        filterset = ArticleFilter(query, queryset=Article.objects.published())
        if filterset.is_valid():
            return filterset, query, {}
        only = QueryDict(mutable=True)
        only[self.facet] = self.object.slug
        return ArticleFilter(only, queryset=Article.objects.published()), only, filterset.errors


MENTIONED_WITH_ROWS = 20


def mentioned_with(listing, facet, query) -> dict:
    """The agencies (or confirmed campaigns) mentioned in the listing's articles, most first, each
    linked to the list page narrowed to it as well; the first MENTIONED_WITH_ROWS of them."""
    counts = listing.mentioned_with(facet)
    entities = (
        Agency.objects.confirmed() if facet == "agency" else Campaign.objects.filter(status=Campaign.Status.CONFIRMED)
    )
    found = sorted(entities.filter(pk__in=list(counts)), key=lambda e: (-counts[e.pk], e.name))
    rows = []
    for entity in found[:MENTIONED_WITH_ROWS]:
        narrowed = query.copy()
        narrowed.setlist(facet, [entity.slug])
        rows.append(
            {
                "name": str(entity),
                "count": counts[entity.pk],
                "url": f"{reverse('article_list')}?{narrowed.urlencode()}",
            }
        )
    return {"facet": facet, "rows": rows, "total": len(found)}


class AgencyDetailView(EntityArticlesMixin, DetailView):
    queryset = Agency.objects.select_related("parent", "successor").prefetch_related(
        "aliases", "predecessors", "children"
    )
    facet, other = "agency", "campaign"


class CampaignDetailView(EntityArticlesMixin, DetailView):
    queryset = Campaign.objects.exclude(status=Campaign.Status.REJECTED).prefetch_related(
        "aliases", "lead_agencies", "agencies"
    )
    facet, other = "campaign", "agency"

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["phases"] = self.phases()
        context["aliases"] = [a for a in self.object.aliases.all() if a.kind != Alias.Kind.PHASE]
        return context

    def phases(self) -> list[dict]:
        """The campaign's yearly phases (云剑-2020, 云剑-2021), each with the articles that mention
        the campaign in its year (a mention records the campaign, not which of its names matched),
        linked to this page narrowed to that year and to the list page of those articles."""
        rows = []
        for alias in sorted(self.object.aliases.all(), key=lambda a: (a.year or 0, a.name)):
            if alias.kind != Alias.Kind.PHASE:
                continue
            row = {"name": alias.name, "year": alias.year, "count": self.per_year.get(alias.year, 0)}
            if alias.year:
                narrowed = self.query.copy()
                narrowed.setlist("year", [str(alias.year)])
                row["page"] = f"{self.object.get_absolute_url()}?year={alias.year}"
                row["url"] = f"{reverse('article_list')}?{narrowed.urlencode()}"
            rows.append(row)
        return rows
