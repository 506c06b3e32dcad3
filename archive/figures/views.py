"""/figures/, /figures/series/ and /figures.csv: the figures of published articles, through FigureFilter."""

from django.http import Http404, HttpResponseBadRequest, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from ..downloads import attachment, search_words
from ..paging import page_or_404
from ..search.snippets import highlight
from .exports import csv_lines
from .filters import FigureFilter
from .models import Figure, MetricVariant

PAGE_SIZE = 50
SERIES_PAGE = 100  # rows of a series page's table a page; the chart has every year, the CSV every row
SCOPE = ("agency", "campaign", "year", "year_from", "year_to")  # the list's filters a series page keeps


def with_marks(figures) -> list:
    """The figures, each with its sentence escaped and its text marked."""
    figures = list(figures)
    for figure in figures:
        figure.sentence_html = highlight(figure.sentence, [figure.text])
    return figures


def scope_of(query) -> QueryDict:
    scope = QueryDict(mutable=True)
    for name in SCOPE:
        if query.getlist(name):
            scope.setlist(name, query.getlist(name))
    return scope


def rows(figures):
    return figures.select_related("article").defer("article__body")


class FigureListView(TemplateView):
    template_name = "figures/figure_list.html"

    def get_context_data(self, **kwargs):
        filterset = FigureFilter(self.request.GET, queryset=Figure.objects.kept())
        page = page_or_404(filterset.ids(), self.request.GET.get("page"), PAGE_SIZE)
        page.object_list = with_marks(rows(Figure.objects).in_order(page.object_list))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=filterset,
            page_obj=page,
            facets=filterset.facets(),
            series=filterset.top_series(),
            export_query=query.urlencode(),
            scope_query=scope_of(self.request.GET).urlencode(),
            **kwargs,
        )


class FigureSeriesView(TemplateView):
    """Every figure of one series, by year, under the list's agency, campaign and year filters
    (malformed ones are dropped and their errors shown); a variant's name redirects to its series."""

    template_name = "figures/figure_series.html"

    def get(self, request, *args, **kwargs):
        metric = request.GET.get("metric", "")
        if "\x00" in metric:  # no metric holds one, and PostgreSQL cannot be asked for one
            raise Http404("no such series")
        self.series = MetricVariant.series_of(metric) if metric else ""
        if not self.series or not Figure.objects.kept().in_series(self.series).exists():
            raise Http404("no such series")
        if self.series != metric:
            query = request.GET.copy()
            query["metric"] = self.series
            return redirect(f"{reverse('figure_series')}?{query.urlencode()}")
        return super().get(request, *args, **kwargs)

    def search(self):
        scope = scope_of(self.request.GET)
        filterset = FigureFilter(self.filter_query(scope), queryset=Figure.objects.kept())
        if filterset.is_valid():
            return filterset, scope, {}
        return FigureFilter(self.filter_query(), queryset=Figure.objects.kept()), QueryDict(), filterset.errors

    def filter_query(self, scope=None) -> QueryDict:
        query = scope.copy() if scope is not None else QueryDict(mutable=True)
        query["series"], query["sort"] = self.series, "year"
        return query

    def get_context_data(self, **kwargs):
        filterset, scope, errors = self.search()
        listing = filterset.listing()
        ids = listing.ordered_ids("year")
        unit = listing.main_unit()
        charted, peaks = listing.yearly_peaks(ids, unit)
        page = page_or_404(ids, self.request.GET.get("page"), SERIES_PAGE)
        return super().get_context_data(
            series=self.series,
            filter=filterset,
            errors=errors,
            count=len(ids),
            figures=with_marks(rows(Figure.objects).in_order(page.object_list)),
            page_obj=page,
            variants=MetricVariant.objects.filter(series=self.series).values_list("name", flat=True),
            chart_unit=unit,
            charted=charted,
            chart={"points": [chart_point(figure) for figure in Figure.objects.in_order(peaks)]},
            scope=scope,
            scope_query=scope.urlencode(),
            export_query=self.filter_query(scope).urlencode(),
            **kwargs,
        )


def figure_url(article_id: int, pk: int) -> str:
    return f"{reverse('article_detail', args=[article_id])}#figure-{pk}"


def export_csv(request):
    filterset = FigureFilter(request.GET, queryset=Figure.objects.kept())
    if not filterset.is_valid():
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items())
        return HttpResponseBadRequest(f"{problems}\n", content_type="text/plain; charset=utf-8")
    ids = filterset.ids()
    response = StreamingHttpResponse(csv_lines(ids, request.build_absolute_uri), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment("figures", search_words(filterset.form.cleaned_data), "csv")
    return response


def chart_point(figure) -> dict:
    """A year's point of a series chart: its largest figure, linked to that figure's sentence."""
    return {
        "year": figure.year,
        "value": float(figure.value),
        "exact": figure.exact_value,
        "readable": figure.readable_value,
        "text": figure.text,
        "url": figure_url(figure.article_id, figure.pk),
    }
