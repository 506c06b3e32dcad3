"""With REDIS_URL, the cache is the real Redis on 127.0.0.1:6379, shared by every web process: the
facet counts one process computes are the ones another serves, and an import (a new archive
generation) makes every process count anew. Marked `redis`; in CI a missing Redis is a failure."""

import os
import uuid

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

from archive.listing.models import Generation

from ..factories import make_article

pytestmark = [pytest.mark.redis, pytest.mark.django_db]
URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def shared_cache(settings):
    """The site's cache in Redis under a prefix of this test's own; and a second client on it, as
    another web replica would have. The test's keys are deleted afterwards."""
    client = redis.Redis.from_url(URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {URL} in CI: {error}")
        pytest.skip(f"Redis is not reachable at {URL}: {error}")
    prefix = f"archive-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": URL, "KEY_PREFIX": prefix}
    }
    replica = RedisCache(URL, {"KEY_PREFIX": prefix})
    yield client, prefix, replica
    keys = client.keys(f"{prefix}:*")
    if keys:
        client.delete(*keys)


def facet_keys(client, prefix):
    return sorted(key.decode() for key in client.keys(f"{prefix}:*facets:*"))


def test_the_facet_counts_live_in_redis_where_every_replica_reads_them(client, shared_cache):
    redis_client, prefix, replica = shared_cache
    make_article(title="公安部部署断卡行动")
    counts = client.get("/api/articles/").json()["facets"]
    keys = facet_keys(redis_client, prefix)
    assert len(keys) == 1 and f":{Generation.current()}:" in keys[0]
    key = keys[0].split(":", 2)[2]  # without Django's prefix and version
    stored = replica.get(key)  # (slug, name, count) per agency
    assert [(slug, n) for slug, _, n in stored["agency"]] == [(f["slug"], f["count"]) for f in counts["agency"]]
    # What another replica writes there is what this one serves.
    slug, name, _ = stored["agency"][0]
    replica.set(key, {**stored, "agency": [(slug, name, 99)]})
    assert client.get("/api/articles/").json()["facets"]["agency"] == [{"slug": slug, "name": name, "count": 99}]


def test_an_import_makes_every_replica_count_anew(client, shared_cache):
    redis_client, prefix, _ = shared_cache
    make_article(title="公安部部署断卡行动")
    before = client.get("/api/articles/").json()["count"]
    generation = Generation.current()
    make_article(title="中国人民银行通报断卡进展", body="中国人民银行部署断卡工作。")
    assert Generation.current() != generation
    after = client.get("/api/articles/").json()
    assert after["count"] == before + 1
    assert len(facet_keys(redis_client, prefix)) == 2  # one per generation; the old one ages out
