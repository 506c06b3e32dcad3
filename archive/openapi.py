"""The OpenAPI description of the JSON API and the exports, served at /api/openapi.json.

Each query parameter is described from the form field that validates it (the FilterSet's, and the
API's own APIOptions), values and limits included: the slugs that exist, the years and dates the
validators allow, the choices. A request the description admits is one the server accepts; the
suite holds it to that with schemathesis (tests/core/test_openapi.py).
"""

import calendar

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, ProhibitNullCharactersValidator
from django.http import JsonResponse
from django.utils.translation import gettext as _

from .api import APIOptions
from .documents.models import Validity
from .filters import FACETS, ArticleFilter

ARTICLE = {
    "type": "object",
    "required": ["id", "title", "published_at", "url", "snippet"],
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
        "document_number": {
            "type": ["string", "null"],
            "description": "a policy document's 发文字号, brackets written 〔〕 (国办发〔2021〕84号); null for news",
        },
        "issuers": {"type": "array", "items": {"type": "string"}, "description": "发文机关, canonical names, in order"},
        "written_date": {"type": ["string", "null"], "format": "date", "description": "成文日期"},
        "effective_date": {"type": ["string", "null"], "format": "date", "description": "施行日期"},
        "doc_type": {"type": ["string", "null"], "description": "文种, the word (通知, 意见, 办法 …)"},
        "validity": {"enum": [*Validity.values, None], "description": "时效性; null for news"},
        "cites": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["document_number", "title", "id"],
                "properties": {
                    "document_number": {"type": ["string", "null"]},
                    "title": {"type": ["string", "null"]},
                    "id": {"type": ["integer", "null"], "description": "the cited document's id here, if archived"},
                },
            },
            "description": "the documents it cites, in the order of its text",
        },
        "cited_by": {"type": "array", "items": {"type": "integer"}, "description": "ids of documents citing it"},
        "snippet": {"type": "string", "description": "HTML: the text escaped, the matched words in <mark>"},
        "body": {"type": "string", "description": "with fields=body: the whole text, paragraphs separated by newlines"},
    },
}
FACET = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"slug": {"type": "string"}, "name": {"type": "string"}, "count": {"type": "integer"}},
    },
}
PAGE = {
    "type": "object",
    "required": ["count", "page", "num_pages", "sort", "results", "facets"],
    "properties": {
        "count": {"type": "integer"},
        "page": {"type": "integer"},
        "num_pages": {"type": "integer"},
        "sort": {"type": "string"},
        "results": {"type": "array", "items": ARTICLE},
        "facets": {"type": "object", "properties": {k: FACET for k in FACETS}},
    },
}
# A form's errors as get_json_data() gives them: each parameter's messages.
ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {"message": {"type": "string"}, "code": {"type": "string"}},
                },
            },
        }
    },
}

DESCRIPTIONS = {
    "q": 'words separated by spaces must all match; "..." an exact string; -word excludes (exclusions alone: '
    "every other article); A | B, A 或 B or A OR B either (或 and OR only between two words). Simplified or "
    "traditional characters. No NUL character. A document number in any brackets (国办发[2021]84号) finds that "
    "document first.",
    "agency": "agency slug (one of those listed); repeat for either",
    "predecessors": "1 (or true), with agency: include the agencies it succeeded; any other value: do not",
    "campaign": "campaign slug (one of those listed); repeat for either",
    "source": "source slug (one of those listed); repeat for either",
    "year": "year of publication (Beijing time); repeat for either",
    "issuer": "agency slug of a policy document's issuer (发文机关, not an agency it mentions); repeat for either",
    "doc_type": "a policy document's 文种 (通知, 意见, 办法 …, one of those listed); repeat for either",
    "validity": "a policy document's validity: in_force, amended, repealed, expired or unknown; repeat for either",
    "reprint": "original (no near-duplicate, or the first publisher of its family) or reprint (a later member)",
    "date_from": "published on or after (YYYY-MM-DD, Beijing time)",
    "date_to": "published on or before (YYYY-MM-DD, Beijing time)",
    "sort": "relevance (the default with q: title matches, then exact words, then newest), newest or oldest",
    "fields": "add these fields to each result (body: the whole text)",
    "page": "20 results a page, from 1; a page past the last is a 404, a page that is not a whole number a 400",
}


def date_pattern(first, last) -> str:
    """A regular expression of exactly the ISO dates from first to last (whole years), unanchored."""
    if (first.month, first.day, last.month, last.day) != (1, 1, 12, 31):
        raise ValueError("date_pattern describes whole years only")
    years = range(first.year, last.year + 1)
    any_year = "|".join(map(str, years))
    leap = "|".join(str(y) for y in years if calendar.isleap(y))
    days = (
        "(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"  # months of 31 days
        "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"  # of 30
        "|02-(?:0[1-9]|1[0-9]|2[0-8])"
    )
    return f"(?:{any_year})-(?:{days})|(?:{leap})-02-29"


def _limit(field, kind):
    return next((v.limit_value for v in field.validators if isinstance(v, kind)), None)


def _array(items: dict) -> dict:
    return {"type": "array", "items": items} if items.get("enum", True) else {"type": "array", "maxItems": 0}


def field_schema(field: forms.Field) -> dict:
    """The JSON Schema of the values a form field accepts in a query string."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        key = field.to_field_name or "pk"
        return _array({"type": "string", "enum": list(field.queryset.order_by(key).values_list(key, flat=True))})
    if isinstance(field, forms.TypedMultipleChoiceField) and field.coerce is int:
        years = sorted(int(value) for value, _label in field.choices)
        if years != list(range(years[0], years[-1] + 1)):
            raise ValueError(f"{years} are not a range")
        return _array({"type": "integer", "minimum": years[0], "maximum": years[-1]})
    if isinstance(field, forms.MultipleChoiceField):
        return _array({"type": "string", "enum": [str(value) for value, _label in field.choices]})
    # A single value left empty is the field not given (the default sort, no date bound).
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": [str(value) for value, _label in field.choices if value != ""] + [""]}
    if isinstance(field, forms.DateField):
        first, last = _limit(field, MinValueValidator), _limit(field, MaxValueValidator)
        return {"type": "string", "pattern": f"^(?:{date_pattern(first, last)})?$"}
    if isinstance(field, forms.BooleanField):
        # A checkbox's field: 1 or true turns it on, and any other value is taken for off.
        return {"type": "string", "examples": ["1", "true"]}
    schema = {"type": "string"}
    if getattr(field, "max_length", None):
        schema["maxLength"] = field.max_length
    if any(isinstance(v, ProhibitNullCharactersValidator) for v in field.validators):
        schema["pattern"] = "^[^\\u0000]*$"
    return schema


def parameters(form: forms.Form) -> list[dict]:
    params = []
    for name, field in form.fields.items():
        schema = field_schema(field)
        param = {"name": name, "in": "query", "required": False, "schema": schema}
        if schema["type"] == "array":
            param.update(style="form", explode=True)
        param["description"] = DESCRIPTIONS.get(name, str(field.label or name))
        params.append(param)
    return params


def _operation(summary, params, ok, errors) -> dict:
    return {"get": {"summary": summary, "parameters": params, "responses": {"200": ok, **errors}}}


def description(request) -> dict:
    filters = parameters(ArticleFilter().form)
    page = {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}}
    page["description"] = DESCRIPTIONS["page"]
    json_errors = {"content": {"application/json": {"schema": ERRORS}}}
    api_errors = {
        "400": {"description": "a parameter was malformed or named an unknown slug: errors names each", **json_errors},
        "404": {"description": "the page does not exist: errors names page", **json_errors},
    }
    bad = {
        "400": {
            "description": "a parameter was malformed or named an unknown slug: the reasons, one a parameter",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    }

    def ok(text, kind):
        return {"description": text, "content": {kind: {"schema": {"type": "string"}}}}

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
            "/api/articles/": _operation(
                "A page of matching articles with the facet counts",
                [*filters, *parameters(APIOptions()), page],
                {"description": "one page of the results", "content": {"application/json": {"schema": PAGE}}},
                api_errors,
            ),
            "/export.csv": _operation(
                "Every matching article as CSV, in the same order (streamed)",
                filters,
                ok("CSV with a header row", "text/csv"),
                bad,
            ),
            "/export.jsonl": _operation(
                "Every matching article as one JSON object a line, in the same order (streamed)",
                filters,
                ok("JSON lines", "application/x-ndjson"),
                bad,
            ),
            "/feed.atom": _operation(
                "The first 100 matching articles as an Atom feed", filters, ok("Atom", "application/atom+xml"), bad
            ),
        },
    }


def openapi_json(request):
    return JsonResponse(description(request), json_dumps_params={"ensure_ascii": False})
