"""/healthz, and a short 503 on every page while the database cannot be reached.

The database is made unreachable by making every new cursor fail as a dropped server does; the
real thing (a running site, its database cut and restored) is in tests/core/test_faults.py.
"""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_away():
    error = OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", side_effect=error):
        yield


def assert_short_503(response):
    body = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"]
    assert response["Content-Type"].startswith("text/plain")
    assert "Traceback" not in body and "OperationalError" not in body and "5432" not in body


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_away(client, database_away):
    response = client.get("/healthz")
    assert response.status_code == 503 and response["Retry-After"]
    assert response.json()["database"] == "unavailable"


@pytest.mark.parametrize("path", ["/agencies/", "/campaigns/duanka/", "/articles/1/", "/api/articles/", "/figures/"])
def test_a_page_answers_a_short_503_when_the_database_is_away(path, database_away):
    assert_short_503(Client(raise_request_exception=False).get(path))


def test_the_503_holds_with_debug_on(settings, database_away):
    settings.DEBUG = True
    assert_short_503(Client(raise_request_exception=False).get("/agencies/"))


def test_a_database_error_outside_a_view_is_a_503_too(admin_user):
    """A logged-in request reads its session in the middleware, before any view."""
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    error = OperationalError("server closed the connection unexpectedly")
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", side_effect=error):
        assert_short_503(client.get("/admin/"))


def test_other_errors_are_still_server_errors(client):
    with mock.patch("archive.views.AgencyListView.get", side_effect=ValueError("a bug")):
        response = Client(raise_request_exception=False).get("/agencies/")
    assert response.status_code == 500
