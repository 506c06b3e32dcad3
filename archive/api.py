"""/api/articles/: the list page's search as JSON (the same FilterSet, the same parameters)."""

from django.http import JsonResponse
from django.views import View

from .models import SHANGHAI
from .views import FilteredArticlesMixin


def article_json(article, request):
    return {
        "id": article.pk,
        "title": article.title,
        "published_at": article.published_at.astimezone(SHANGHAI).isoformat() if article.published_at else None,
        "author": article.author,
        "source": article.source.name if article.source else None,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "copies": [c.url for c in article.copies.all() if c.url],
        "agencies": [m.agency.name for m in article.agency_mentions.all()],
        "campaigns": [m.campaign.name for m in article.campaign_mentions.all()],
        "snippet": str(article.snippet),
    }


class ArticleListAPI(FilteredArticlesMixin, View):
    def get(self, request):
        filterset, page = self.search()
        if filterset.errors:
            return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
        return JsonResponse(
            {
                "count": page.paginator.count,
                "page": page.number,
                "num_pages": page.paginator.num_pages,
                "sort": filterset.chosen_sort,
                "results": [article_json(a, request) for a in page.object_list],
                "facets": {
                    name: [{"slug": i["key"], "name": i["label"], "count": i["count"]} for i in items]
                    for name, items in filterset.facets().items()
                },
            },
            json_dumps_params={"ensure_ascii": False},
        )


article_list = ArticleListAPI.as_view()
