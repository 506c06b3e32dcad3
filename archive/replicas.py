"""Read replicas: the public pages, the API and the exports read from the PostgreSQL replicas named
in DATABASE_REPLICA_URLS; writes, the admin, a signed-in user's requests (a curator sees their own
change at once) and everything outside a request (imports, commands, the harvester) use the primary.

ReplicaMiddleware picks the replica for a request (in turn, skipping any that failed lately) and
ReplicaRouter sends the request's reads there; the choice holds until the response is finished, so
a streamed export reads from the same replica to its last row. A replica that cannot be reached is
left out for ARCHIVE_REPLICA_RETRY_SECONDS and the request reads from the primary instead: the site
keeps answering while a replica is down. Raw SQL that reads (the search index) asks read_alias().
Nothing here imports the rest of the project.
"""

import itertools
import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

_reading: ContextVar[str] = ContextVar("archive_read_alias", default=DEFAULT_DB_ALIAS)
_down_until: dict[str, float] = {}
_turn = itertools.count()


def replica_aliases() -> list[str]:
    """The replicas' aliases in settings.DATABASES (config/settings.py makes one per URL)."""
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def read_alias() -> str:
    """The database this request reads from: a replica for a public request, else the primary."""
    return _reading.get()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _reading.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # A replica holds the primary's rows: an object read from one may point at one from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas follow the primary's schema by streaming replication; only the primary migrates.
        return db == DEFAULT_DB_ALIAS


def reachable(alias: str) -> bool:
    """Whether the replica answers now; one that does not is left out for a while."""
    now = time.monotonic()
    if _down_until.get(alias, 0) > now:
        return False
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        retry = settings.ARCHIVE_REPLICA_RETRY_SECONDS
        logger.warning("replica %s cannot be reached (%s); reading from the primary for %s s", alias, error, retry)
        _down_until[alias] = now + retry
        connection.close()
        return False
    _down_until.pop(alias, None)
    return True


def choose_replica() -> str:
    """The next reachable replica in turn, or the primary when none is."""
    aliases = replica_aliases()
    start = next(_turn)
    for offset in range(len(aliases)):
        alias = aliases[(start + offset) % len(aliases)]
        if reachable(alias):
            return alias
    return DEFAULT_DB_ALIAS


def admin_prefix() -> str | None:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


def public(request) -> bool:
    """A request anyone could have made, that changes nothing: a researcher's, not a curator's."""
    if request.method not in SAFE_METHODS:
        return False
    prefix = admin_prefix()
    if prefix and request.path.startswith(prefix):
        return False
    user = getattr(request, "user", None)  # read from the primary (no alias is set yet)
    return not (user is not None and user.is_authenticated)


class ReplicaMiddleware:
    """After AuthenticationMiddleware: sets where this request reads from (see the module's text)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _reading.set(DEFAULT_DB_ALIAS)
        if replica_aliases() and public(request):
            _reading.set(choose_replica())
        return self.get_response(request)


def _back_to_the_primary(**kwargs):
    _reading.set(DEFAULT_DB_ALIAS)


request_finished.connect(_back_to_the_primary, dispatch_uid="archive.replicas.back_to_the_primary")
