"""/api/articles/: the list page's search as JSON (the same FilterSet, the same parameters)."""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import JsonResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View

from .models import Article
from .paging import page_of
from .records import DOCUMENT_FIELDS, records
from .views import FilteredArticlesMixin, with_snippets

# What a result may carry beyond the snippet: the field names of records.records.
EXTRA_FIELDS = [("body", _("正文(段落之间以换行分隔)"))]
CHOICES = ", ".join(name for name, _label in EXTRA_FIELDS)


class APIOptions(forms.Form):
    """The API's own parameter, beside the FilterSet's and the page: what each result carries."""

    fields = forms.MultipleChoiceField(
        choices=EXTRA_FIELDS,
        required=False,
        error_messages={
            "invalid_choice": format_lazy(_("没有名为 %(value)s 的字段;可选:{choices}。"), choices=CHOICES)
        },
    )


def article_json(article, record, request, fields=()):
    """The export's record of the article (archive/records.py), as a result of the API: its
    address here and the snippet instead of the body and section, and the fields asked for."""
    return {
        **{key: record[key] for key in ("id", "title", "published_at", "author")},
        "source": record["source"] or None,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "copies": record["urls"],
        "agencies": record["agencies"],
        "campaigns": record["campaigns"],
        **{name: record[name] for name in DOCUMENT_FIELDS},
        "snippet": str(article.snippet),
        **{name: record[name] for name in fields},
    }


def errors_json(errors: dict, status: int) -> JsonResponse:
    """{"errors": {parameter: [{"message", "code"}]}}, as a form's get_json_data() gives them."""
    return JsonResponse({"errors": errors}, status=status, json_dumps_params={"ensure_ascii": False})


class ArticleListAPI(FilteredArticlesMixin, View):
    def get(self, request):
        filterset, options = self.get_filterset(), APIOptions(request.GET)
        if filterset.errors or options.errors:
            return errors_json({**filterset.errors.get_json_data(), **options.errors.get_json_data()}, 400)
        number = request.GET.get("page")
        try:
            page = page_of(filterset.ids(), number)
        except PageNotAnInteger as error:  # malformed, as year=abc is
            return errors_json({"page": [{"message": str(error), "code": "invalid_page"}]}, 400)
        except EmptyPage as error:  # a page that does not exist
            code = "min_page" if int(number) < 1 else "no_results"
            return errors_json({"page": [{"message": str(error), "code": code}]}, 404)
        # The record (records.py) carries the rest: only what the snippet and the address need here.
        with_snippets(page, filterset.query.highlight_words, Article.objects.only("pk", "title", "body"))
        found = records(article.pk for article in page.object_list)
        fields = options.cleaned_data["fields"]
        return JsonResponse(
            {
                "count": page.paginator.count,
                "page": page.number,
                "num_pages": page.paginator.num_pages,
                "sort": filterset.chosen_sort,
                "results": [article_json(a, found[a.pk], request, fields) for a in page.object_list],
                "facets": {
                    name: [{"slug": i["key"], "name": i["label"], "count": i["count"]} for i in items]
                    for name, items in filterset.facets().items()
                },
            },
            json_dumps_params={"ensure_ascii": False},
        )


article_list = ArticleListAPI.as_view()
