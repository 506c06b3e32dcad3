"""A frequent query's matches are kept with the generation's columns (and the words of its ranked
head): asked again, the page and its counts come without asking the index, and any change to the
archive (a new generation) asks it afresh. FREQUENT is lowered here so that a small archive has frequent queries."""

from datetime import datetime

import pytest

from archive.listing import columns
from archive.models import SHANGHAI
from archive.search import backend

from ..factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def frequent(monkeypatch):
    """FREQUENT lowered to 2; each fetch of matching ids from the index, as (SQL, parameters)."""
    monkeypatch.setattr(columns, "FREQUENT", 2)
    calls, kind = [], type(backend())
    original = kind.ids

    def counted(self, sql, params):
        calls.append((sql, repr(params)))
        return original(self, sql, params)

    monkeypatch.setattr(kind, "ids", counted)
    return calls


def api(client, query):
    body = client.get(f"/api/articles/?{query}").json()
    return body["count"], [a["id"] for a in body["results"]], body["facets"]["year"]


def fetches(calls, query):
    """How often the index was asked for the articles (and the titles) that match the query."""
    search = backend()
    asked = {(sql, repr(params)) for sql, params in (search.match(query), search.title_match(query))}
    return sum(1 for call in calls if call in asked)


def test_a_frequent_query_is_answered_from_its_kept_matches_until_the_archive_changes(client, frequent):
    from archive.search.query import parse_query

    for n in range(3):
        make_article(title=f"断卡行动第{n}次部署", published_at=datetime(2021, n + 1, 5, 10, tzinfo=SHANGHAI))
    make_article(title="长城行动", body="没有那个词。")
    duanka, changcheng = parse_query("断卡"), parse_query("长城")
    first = api(client, "q=断卡")
    assert first[0] == 3 and fetches(frequent, duanka) == 2  # the matches and the title matches
    asked = len(frequent)  # with the words of the ranked head (the relevance order)
    assert api(client, "q=断卡") == first and len(frequent) == asked  # kept: the index not asked at all
    assert api(client, "q=断卡&year=2021")[0] == 3 and fetches(frequent, duanka) == 2
    rare = api(client, "q=长城")  # one match: below FREQUENT, asked each time
    assert rare[0] == 1 and api(client, "q=长城") == rare and fetches(frequent, changcheng) == 4

    make_article(title="断卡行动又一次部署", published_at=datetime(2021, 6, 5, 10, tzinfo=SHANGHAI))  # a new generation
    count, ids, _ = api(client, "q=断卡")
    assert count == 4 and len(ids) == 4 and fetches(frequent, duanka) == 4
