"""/api/articles/: the list page's search as JSON (the same FilterSet, the same parameters)."""

from django.http import JsonResponse
from django.views import View

from .exports import article_record
from .views import FilteredArticlesMixin


def article_json(article, request):
    """The export's record of the article (exports.article_record), as a result of the API: its
    address here and the snippet instead of the body and section."""
    record = article_record(article)
    return {
        **{key: record[key] for key in ("id", "title", "published_at", "author")},
        "source": record["source"] or None,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "copies": record["urls"],
        "agencies": record["agencies"],
        "campaigns": record["campaigns"],
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
