"""The OpenAPI description of the JSON API and the exports, served at /api/openapi.json.

The query parameters are read from the FilterSet itself, so the description cannot drift from what
the list page, the API and the exports accept.
"""

import django_filters
from django.http import JsonResponse
from django.utils.translation import gettext as _

from .filters import SORTS, ArticleFilter

ARTICLE = {
    "type": "object",
    "required": ["id", "title", "published_at", "url"],
    "properties": {
        "id": {"type": "integer", "description": "stable across re-imports of the same text"},
        "title": {"type": "string"},
        "published_at": {"type": ["string", "null"], "format": "date-time", "description": "Beijing time (+08:00)"},
        "author": {"type": "string"},
        "source": {"type": ["string", "null"], "description": "the original publisher"},
        "url": {"type": "string", "format": "uri", "description": "the article's permalink in this archive"},
        "copies": {"type": "array", "items": {"type": "string"}, "description": "where it was captured"},
        "agencies": {"type": "array", "items": {"type": "string"}},
        "campaigns": {"type": "array", "items": {"type": "string"}},
        "snippet": {"type": "string", "description": "HTML: the text escaped, the matched words in <mark>"},
    },
}
FACET = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"slug": {"type": "string"}, "name": {"type": "string"}, "count": {"type": "integer"}},
    },
}


def _schema(flt) -> dict:
    if isinstance(flt, django_filters.ModelMultipleChoiceFilter | django_filters.TypedMultipleChoiceFilter):
        item = {"type": "integer"} if isinstance(flt, django_filters.TypedMultipleChoiceFilter) else {"type": "string"}
        return {"type": "array", "items": item}
    if isinstance(flt, django_filters.DateFilter):
        return {"type": "string", "format": "date"}
    if isinstance(flt, django_filters.BooleanFilter):
        return {"type": "boolean"}
    if isinstance(flt, django_filters.ChoiceFilter):
        return {"type": "string", "enum": [value for value, _label in SORTS]}
    return {"type": "string"}


DESCRIPTIONS = {
    "q": 'words separated by spaces must all match; "..." an exact string; -word excludes; A | B (or 或) '
    "either. Simplified or traditional characters.",
    "agency": "agency slug; repeat for either",
    "predecessors": "with agency: include the agencies it succeeded",
    "campaign": "campaign slug; repeat for either",
    "source": "source slug; repeat for either",
    "year": "year of publication (Beijing time); repeat for either",
    "date_from": "published on or after (YYYY-MM-DD, Beijing time)",
    "date_to": "published on or before (YYYY-MM-DD, Beijing time)",
    "sort": "relevance (the default with q: title matches, then exact words, then newest), newest or oldest",
}


def parameters() -> list[dict]:
    params = []
    for name, flt in ArticleFilter.base_filters.items():
        schema = _schema(flt)
        param = {"name": name, "in": "query", "required": False, "schema": schema}
        if schema["type"] == "array":
            param.update(style="form", explode=True)
        param["description"] = DESCRIPTIONS.get(name, str(flt.label))
        params.append(param)
    return params


def description(request) -> dict:
    page = {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}}
    bad = {"description": "a parameter was malformed: the reasons", "content": {"text/plain": {}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("政策档案") + " API",
            "version": "1",
            "description": "Search the archive of Chinese policy announcements. Every list URL of the site "
            "takes the same parameters; the order is stable (ties broken by id), 20 results a page.",
        },
        "servers": [{"url": request.build_absolute_uri("/")}],
        "paths": {
            "/api/articles/": {
                "get": {
                    "summary": "A page of matching articles with the facet counts",
                    "parameters": [*parameters(), page],
                    "responses": {
                        "200": {
                            "description": "one page of the results",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "count": {"type": "integer"},
                                            "page": {"type": "integer"},
                                            "num_pages": {"type": "integer"},
                                            "sort": {"type": "string"},
                                            "results": {"type": "array", "items": ARTICLE},
                                            "facets": {
                                                "type": "object",
                                                "properties": {
                                                    k: FACET for k in ("agency", "campaign", "source", "year")
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "400": {"description": "a parameter was malformed", "content": {"application/json": {}}},
                    },
                }
            },
            "/export.csv": {
                "get": {
                    "summary": "Every matching article as CSV, in the same order (streamed)",
                    "parameters": parameters(),
                    "responses": {
                        "200": {"description": "CSV with a header row", "content": {"text/csv": {}}},
                        "400": bad,
                    },
                }
            },
            "/export.jsonl": {
                "get": {
                    "summary": "Every matching article as one JSON object a line, in the same order (streamed)",
                    "parameters": parameters(),
                    "responses": {
                        "200": {"description": "JSON lines", "content": {"application/x-ndjson": {}}},
                        "400": bad,
                    },
                }
            },
            "/feed.atom": {
                "get": {
                    "summary": "The first 100 matching articles as an Atom feed",
                    "parameters": parameters(),
                    "responses": {"200": {"description": "Atom", "content": {"application/atom+xml": {}}}, "400": bad},
                }
            },
        },
    }


def openapi_json(request):
    return JsonResponse(description(request), json_dumps_params={"ensure_ascii": False})
