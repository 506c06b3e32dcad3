"""A policy document's diffusion page: the documents that cite or implement it, by level, region
and date, with their lag from it and the count per level over time charted."""

from django.http import Http404
from django.views.generic import DetailView

from ..models import Article
from .diffusion import by_level, chart_rows, diffusion_of, per_period
from .models import Document


class DiffusionView(DetailView):
    template_name = "documents/diffusion.html"
    context_object_name = "document"

    def get_object(self, queryset=None):
        document = (
            Document.objects.filter(article_id=self.kwargs["pk"], article__status=Article.Status.PUBLISHED)
            .select_related("article")
            .prefetch_related("issuer_rows__agency")
            .first()
        )
        if document is None:
            raise Http404("no policy document of this id")
        return document

    def get_context_data(self, **kwargs):
        reach = diffusion_of(self.object)
        chart = per_period(reach)
        direct = sum(1 for r in reach if not r.indirect)
        return super().get_context_data(
            reach=reach,
            levels=by_level(reach),
            chart=chart,
            chart_rows=chart_rows(chart),
            direct=direct,
            indirect=len(reach) - direct,
            **kwargs,
        )
