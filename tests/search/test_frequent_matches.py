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
    """FREQUENT and FREQUENT_HEAD lowered to 2 (and 1,000 matches for FREQUENT_HEAD's own test);
    each fetch of matching ids from the index, as (SQL, parameters)."""
    monkeypatch.setattr(columns, "FREQUENT", 2)
    monkeypatch.setattr(columns, "FREQUENT_HEAD", 2)
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


def test_a_long_ranked_head_keeps_its_title_matches_and_words_whatever_narrowed_it(client, frequent, monkeypatch):
    """The matches of 断卡 are not frequent (FREQUENT raised again) but a year narrows them to a
    relevance order of FREQUENT_HEAD or more: asked again, only the matches are fetched."""
    from archive.search.query import parse_query

    monkeypatch.setattr(columns, "FREQUENT", 1_000)
    for n in range(3):
        make_article(
            title=f"断卡行动第{n}次部署", body="断卡。", published_at=datetime(2021, n + 1, 5, tzinfo=SHANGHAI)
        )
    make_article(title="公安部通报", body="断卡行动。", published_at=datetime(2020, 5, 5, tzinfo=SHANGHAI))
    duanka = parse_query("断卡")
    first = api(client, "q=断卡&year=2021")
    asked = len(frequent)  # the matches, the title matches and the head's words
    assert first[0] == 3 and asked == 3
    assert api(client, "q=断卡&year=2021") == first
    assert len(frequent) == asked + 1 and frequent[-1] == (backend().match(duanka)[0], repr(backend().match(duanka)[1]))
    monkeypatch.setattr(columns, "FREQUENT_HEAD", 4)  # three ranked matches: now too few to keep
    columns.current()._frequent.clear()  # a fresh start, as with a new generation
    api(client, "q=断卡&year=2021")
    api(client, "q=断卡&year=2021")
    assert len(frequent) == asked + 1 + 2 * 3
