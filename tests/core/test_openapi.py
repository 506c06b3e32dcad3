"""The OpenAPI description (/api/openapi.json): valid, declaring the limits the server enforces,
and held to them by schemathesis, run in-process against the WSGI application over a few articles."""

import re
from datetime import date, timedelta

import pytest
import schemathesis
from django.core.exceptions import ValidationError
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis import GenerationMode

from archive.filters import ArticleFilter
from archive.models import Agency, Campaign, Source

pytestmark = pytest.mark.django_db


def described(client, path="/api/articles/"):
    spec = client.get("/api/openapi.json").json()
    validate(spec)
    operation = spec["paths"][path]["get"]
    return {p["name"]: p["schema"] for p in operation["parameters"]}, operation["responses"]


def test_the_description_declares_the_values_the_filters_accept(client, five_articles_of_every_kind):
    params, responses = described(client)
    assert params["year"]["items"] == {"type": "integer", "minimum": 1949, "maximum": 2100}
    assert params["reprint"]["items"]["enum"] == ["original", "reprint"]
    assert params["sort"]["enum"] == ["relevance", "newest", "oldest", ""]  # empty: the default
    assert params["page"] == {"type": "integer", "minimum": 1}
    assert params["fields"]["items"]["enum"] == ["body"]
    assert params["q"]["maxLength"] == 500 and "\\u0000" in params["q"]["pattern"]
    for name, model in (("agency", Agency), ("campaign", Campaign), ("source", Source)):
        assert params[name]["items"]["enum"] == sorted(model.objects.values_list("slug", flat=True)), name
    assert "新华社" in Source.objects.values_list("name", flat=True)  # the articles' sources are listed
    for status in ("400", "404"):
        assert responses[status]["content"]["application/json"]["schema"]["required"] == ["errors"]
    for path in ("/export.csv", "/export.jsonl", "/feed.atom"):
        export_params, export_responses = described(client, path)
        assert export_params == {name: params[name] for name in ArticleFilter.base_filters}
        assert export_responses["400"]["content"]["text/plain"]["schema"] == {"type": "string"}


def test_the_date_pattern_admits_exactly_the_dates_the_filter_accepts(client):
    pattern = re.compile(described(client)[0]["date_from"]["pattern"])
    field = ArticleFilter().form.fields["date_from"]

    def accepted(value):
        try:
            field.clean(value)
        except ValidationError:
            return False
        return True

    day, last = date(1899, 12, 1), date(2101, 1, 31)
    while day <= last:
        within = date(1900, 1, 1) <= day <= date(2100, 12, 31)
        assert bool(pattern.match(day.isoformat())) == accepted(day.isoformat()) == within, day
        day += timedelta(days=1 if day.year in (1899, 1900, 2000, 2100, 2101) or day.month == 2 else 17)
    for impossible in ("2021-02-29", "1900-02-29", "2100-02-29", "2021-04-31", "2021-13-01", "2021-1-1x"):
        assert not pattern.match(impossible) and not accepted(impossible), impossible
    assert pattern.match("2000-02-29") and pattern.match("2024-02-29") and pattern.match("")


@pytest.fixture
def wsgi_schema(five_articles_of_every_kind):
    """The served description, loaded from the WSGI application itself (Django's, as config/wsgi.py
    makes it, without the warm-up that closes the connections). Its requests run in this test's
    transaction: as Django's test client does, the connection is not closed after each."""
    application = get_wsgi_application()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# schemathesis' own pytest loader (schemathesis.pytest.from_fixture) reads a private attribute that
# pytest 9 no longer has: the operations are drawn here with its Python API instead.
OPERATIONS = ["/api/articles/", "/export.csv", "/export.jsonl", "/feed.atom"]
EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("path", OPERATIONS)
def test_every_operation_answers_as_described(wsgi_schema, path, mode):
    """Every check schemathesis has: no server error, the statuses, types and bodies described; data
    the description admits is accepted (positive_data_acceptance), data it refuses is rejected."""

    @given(case=wsgi_schema[path]["GET"].as_strategy(generation_mode=mode))
    @EXAMPLES
    def answers(case):
        case.call_and_validate()

    answers()
