"""ARCHIVE_PAGE_SIZE sets how many articles a page of the list, the API and an agency's page shows."""

import pytest

from archive.models import Agency

from ..factories import make_article

pytestmark = pytest.mark.django_db


def test_archive_page_size_sets_the_list_the_api_and_an_agency_page(client, settings):
    for n in range(5):
        make_article(title=f"断卡第{n}篇", body="公安部部署“断卡”行动。")
    settings.ARCHIVE_PAGE_SIZE = 2
    page = client.get("/").context["page_obj"]
    assert (len(page.object_list), page.paginator.num_pages) == (2, 3)
    api = client.get("/api/articles/").json()
    assert (len(api["results"]), api["num_pages"], api["count"]) == (2, 3, 5)
    agency = Agency.objects.get(name="公安部")
    assert len(client.get(agency.get_absolute_url()).context["articles"]) == 2
    settings.ARCHIVE_PAGE_SIZE = 20
    assert len(client.get("/").context["page_obj"].object_list) == 5
