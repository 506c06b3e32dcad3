"""What the site says when its database is away: /healthz for load balancers and monitors, and a
short 503 on every page instead of a server error, until the database answers again.

Django opens a connection per request (and, with CONN_HEALTH_CHECKS, tests a kept one before using
it), so nothing has to be restarted when the database comes back.
"""

import sys
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error

from .replicas import reachable, replica_aliases

RETRY_AFTER = "30"
UNAVAILABLE = (OperationalError, InterfaceError)
MESSAGE = "503 Service Unavailable: the archive's database cannot be reached. Please try again shortly.\n"


def unavailable() -> HttpResponse:
    response = HttpResponse(MESSAGE, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = RETRY_AFTER
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view (or its template) that finds the database unreachable answers 503, DEBUG or not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return unavailable() if isinstance(exception, UNAVAILABLE) else None


def handler500(request, *args, **kwargs):
    """The same 503 when the database fails outside a view (a middleware's session or user lookup)."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return unavailable()
    return server_error(request, *args, **kwargs)


@never_cache
def healthz(request):
    """200 with {"status": "ok", ...} when the database answers, 503 with "unavailable" when not."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except DatabaseError:
        database = "unavailable"
    body = {
        "status": "ok" if database == "ok" else "unavailable",
        "database": database,
        "vendor": connection.vendor,
        "database_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    if aliases := replica_aliases():
        # A replica down is not the site down: its requests read from the primary meanwhile.
        body["replicas"] = {alias: "ok" if reachable(alias) else "unavailable" for alias in aliases}
    response = JsonResponse(body, status=200 if database == "ok" else 503)
    if database != "ok":
        response["Retry-After"] = RETRY_AFTER
    return response
