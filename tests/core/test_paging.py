"""Pages of the list, the API and the agency and campaign pages: a page that exists, or not found."""

from datetime import datetime

import numpy as np
import pytest

from archive.models import SHANGHAI, Agency
from archive.paging import Ids, page_of

from ..conftest import assert_answers, built_once
from ..factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def forty_five_articles(django_db_setup, django_db_blocker):
    """45 articles (three pages of 20), once for the module; every third mentions 公安部, the even
    ones are of 2019."""
    with built_once(django_db_blocker):
        yield [
            make_article(
                title=f"第{n}号通报",
                body=("公安部部署打击电信网络诈骗工作。" if n % 3 == 0 else "教育部召开会议。") + f"第{n}段。",
                published_at=datetime(2019 + n % 2, 1 + n % 12, 1 + n % 27, tzinfo=SHANGHAI),
            )
            for n in range(45)
        ]


@pytest.mark.parametrize("page", ["0", "-1", "4", "999999", "abc", "1.5", "last1"])
def test_a_list_page_that_does_not_exist_is_not_found(client, forty_five_articles, page):
    assert client.get("/", {"page": page}).status_code == 404


@pytest.mark.parametrize("page, number", [("", 1), ("1", 1), ("3", 3), (" 2 ", 2)])
def test_a_list_page_that_exists_is_shown(client, forty_five_articles, page, number):
    response = client.get("/", {"page": page})
    assert response.status_code == 200 and response.context["page_obj"].number == number


@pytest.mark.parametrize("page", ["0", "-1", "4", "999999"])
def test_an_api_page_that_does_not_exist_is_a_404_naming_the_page(client, forty_five_articles, page):
    response = client.get("/api/articles/", {"page": page})
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == ["page"]
    assert response.json()["errors"]["page"][0]["message"]


@pytest.mark.parametrize("page", ["abc", "1.5", "", "2"])
def test_an_api_page_that_is_not_a_whole_number_is_a_400(client, forty_five_articles, page):
    response = client.get("/api/articles/", {"page": page})
    if page in ("", "2"):
        assert response.status_code == 200 and response.json()["page"] == int(page or 1)
    else:
        assert_answers(response, 400, naming=["page"])
        assert list(response.json()["errors"]) == ["page"]


def test_a_script_that_pages_until_it_runs_out_stops_having_seen_each_article_once(client, forty_five_articles):
    seen = []
    for page in range(1, 10):  # a bound of our own: the script's loop would never end
        response = client.get("/api/articles/", {"page": page})
        if response.status_code != 200:
            break
        seen += [r["id"] for r in response.json()["results"]]
    assert response.status_code == 404 and page == 4
    assert sorted(seen) == sorted(a.pk for a in forty_five_articles)


def test_an_empty_search_has_its_first_page_and_no_other(client, forty_five_articles):
    assert client.get("/api/articles/", {"q": "无此词语", "page": 1}).json()["count"] == 0
    assert client.get("/api/articles/", {"q": "无此词语", "page": 2}).status_code == 404
    assert client.get("/", {"q": "无此词语", "page": 1}).status_code == 200


def test_agency_and_campaign_pages_are_paged_keeping_their_filters(client, forty_five_articles, settings):
    agency = Agency.objects.get(name="公安部")
    mentioning = [a for n, a in enumerate(forty_five_articles) if n % 6 == 0]  # 公安部 and 2019
    newest_first = [a.title for a in sorted(mentioning, key=lambda a: (a.published_at, a.pk), reverse=True)]
    settings.ARCHIVE_PAGE_SIZE = 3
    pages = [client.get(agency.get_absolute_url(), {"year": "2019", "page": n}) for n in (1, 2, 3)]
    assert [a.title for page in pages for a in page.context["articles"]] == newest_first
    assert [p.context["page_obj"].paginator.num_pages for p in pages] == [3, 3, 3]
    first, second = (page.content.decode() for page in pages[:2])
    assert 'rel="next" href="?year=2019&amp;page=2"' in first
    assert 'rel="prev" href="?year=2019&amp;page=1"' in second and 'href="?year=2019&amp;page=3"' in second
    for page in ("4", "0", "abc"):
        assert client.get(agency.get_absolute_url(), {"year": "2019", "page": page}).status_code == 404
    campaign = make_article(title="断卡通报", body="开展“断卡”行动。").campaign_mentions.get().campaign
    assert client.get(campaign.get_absolute_url(), {"page": 1}).status_code == 200
    assert client.get(campaign.get_absolute_url(), {"page": 2}).status_code == 404


def test_a_page_of_a_large_result_makes_python_ints_of_its_own_ids_only(monkeypatch):
    ids = Ids(np.arange(600_000, dtype=np.int64)[::-1])
    made = []
    read = Ids.__getitem__
    monkeypatch.setattr(Ids, "__getitem__", lambda self, index: made.append(index) or read(self, index))
    page = page_of(ids, 3)
    assert page.paginator.count == 600_000 and page.paginator.num_pages == 30_000
    assert page.object_list == list(range(599_959, 599_939, -1)) and all(type(pk) is int for pk in page.object_list)
    assert made == [slice(40, 60)]  # the page's twenty, and nothing else was read
    assert list(Ids(np.array([3, 1, 2])))[1:] == [1, 2] and len(Ids()) == 0
