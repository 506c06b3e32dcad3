"""Agency and campaign pages: the campaigns (or agencies) met in the same articles, counted as the
facets count them; a campaign's yearly phases; an agency's place among other agencies."""

from datetime import datetime

import pytest
from django.db.models import Count

from archive import views
from archive.models import SHANGHAI, Agency, AgencyMention, Article, Campaign, CampaignMention, Mention

from ..factories import make_article

pytestmark = pytest.mark.django_db

BODIES = [
    "公安部会同人民银行开展“断卡”行动。",
    "公安部部署“云剑-2021”行动,工信部配合。",
    "公安部通报“云剑”行动和“断卡”行动成果。",
    "人民银行、工信部参与“断卡”行动。",
    "公安部开展“清风”行动。",  # 清风 is only a suggestion: not counted
    "最高法发布典型案例。",
]


@pytest.fixture
def twenty_four_articles():
    made = [
        make_article(
            title=f"第{n}篇", body=BODIES[n % 6], published_at=datetime(2019 + n % 4, 1 + n % 12, 5, tzinfo=SHANGHAI)
        )
        for n in range(24)
    ]
    Article.objects.filter(pk=made[2].pk).update(status=Article.Status.WITHDRAWN)
    AgencyMention.objects.filter(article=made[8]).update(origin=Mention.Origin.CURATOR_REMOVED)
    CampaignMention.objects.filter(article=made[9]).update(origin=Mention.Origin.CURATOR_REMOVED)
    return made


def by_orm(entity, other):
    """Brute force: the other kind's confirmed names in the published articles actively mentioning it."""
    own, model = ("agency", AgencyMention) if isinstance(entity, Agency) else ("campaign", CampaignMention)
    mine = model.objects.active().filter(article__status=Article.Status.PUBLISHED, **{own: entity})
    theirs = (
        (AgencyMention if other == "agency" else CampaignMention)
        .objects.active()
        .filter(article_id__in=mine.values("article_id"))
    )
    if other == "campaign":
        theirs = theirs.filter(campaign__status=Campaign.Status.CONFIRMED)
    rows = theirs.values(f"{other}__name").annotate(n=Count("article_id", distinct=True))
    return {r[f"{other}__name"]: r["n"] for r in rows}


def shown(response):
    return {row["name"]: row["count"] for row in response.context["mentioned_with"]["rows"]}


@pytest.mark.parametrize(
    "slug", ["ministry-of-public-security", "peoples-bank-of-china", "ministry-of-industry-and-information-technology"]
)
def test_an_agency_page_counts_the_campaigns_met_in_its_articles_as_sql_does(client, twenty_four_articles, slug):
    response = client.get(f"/agencies/{slug}/")
    expected = by_orm(Agency.objects.get(slug=slug), "campaign")
    assert expected and shown(response) == expected
    assert "清风" not in shown(response)
    counts = [row["count"] for row in response.context["mentioned_with"]["rows"]]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("slug", ["duanka", "yunjian"])
def test_a_campaign_page_counts_the_agencies_met_in_its_articles_as_sql_does(client, twenty_four_articles, slug):
    response = client.get(f"/campaigns/{slug}/")
    expected = by_orm(Campaign.objects.get(slug=slug), "agency")
    assert expected and shown(response) == expected


def test_each_row_links_to_the_list_narrowed_by_both(client, twenty_four_articles):
    response = client.get("/agencies/ministry-of-public-security/")
    row = next(r for r in response.context["mentioned_with"]["rows"] if r["name"] == "断卡")
    assert row["url"] == "/?agency=ministry-of-public-security&campaign=duanka"
    assert f'<a href="{row["url"].replace("&", "&amp;")}">断卡</a>' in response.content.decode()
    assert client.get(row["url"]).context["page_obj"].paginator.count == row["count"]


def test_past_the_first_rows_a_link_leads_to_the_list(client, twenty_four_articles, monkeypatch):
    monkeypatch.setattr(views, "MENTIONED_WITH_ROWS", 1)
    response = client.get("/campaigns/duanka/")
    table = response.context["mentioned_with"]
    assert len(table["rows"]) == 1 and table["total"] == len(by_orm(Campaign.objects.get(slug="duanka"), "agency"))
    assert '<a href="/?campaign=duanka">' in response.content.decode()


def test_the_co_mentions_follow_the_date_filters_of_the_page(client, twenty_four_articles):
    response = client.get("/agencies/ministry-of-public-security/", {"year": "2020"})
    agency = Agency.objects.get(slug="ministry-of-public-security")
    in_2020 = CampaignMention.objects.active().filter(
        article__year=2020,
        article__status=Article.Status.PUBLISHED,
        campaign__status=Campaign.Status.CONFIRMED,
        article__in=AgencyMention.objects.active().filter(agency=agency).values("article_id"),
    )
    expected = {r["campaign__name"]: r["n"] for r in in_2020.values("campaign__name").annotate(n=Count("id"))}
    assert shown(response) == expected
    assert (
        response.context["span"]["n"]
        == Article.objects.published()
        .filter(year=2020, agency_mentions__in=AgencyMention.objects.active().filter(agency=agency))
        .count()
    )
    assert all("year=2020" in row["url"] for row in response.context["mentioned_with"]["rows"])


def test_a_campaign_page_lists_its_phases_with_the_articles_of_their_year(client, twenty_four_articles):
    response = client.get("/campaigns/yunjian/")
    mentions = CampaignMention.objects.active().filter(campaign__slug="yunjian", article__status="published")
    per_year = {r["article__year"]: r["n"] for r in mentions.values("article__year").annotate(n=Count("id"))}
    phases = response.context["phases"]
    assert [(p["name"], p["year"]) for p in phases] == [("云剑-2020", 2020), ("云剑-2021", 2021)]
    assert [p["count"] for p in phases] == [per_year.get(2020, 0), per_year.get(2021, 0)]
    assert phases[1]["page"] == "/campaigns/yunjian/?year=2021"
    assert phases[1]["url"] == "/?campaign=yunjian&year=2021"
    page = response.content.decode()
    assert "云剑-2021" in page and "年度阶段" in page
    assert "云剑-2021" not in page.split("<dt>别名</dt>")[1].split("</dd>")[0]  # phases are not listed as aliases


def test_an_agency_page_shows_its_parent_children_predecessors_and_successor(client):
    page = client.get("/agencies/ministry-of-public-security/").content.decode()
    assert "/agencies/state-council/" in page  # parent
    assert "下级机构" in page and "/agencies/national-anti-fraud-center/" in page  # a child
    old = Agency.objects.get(slug="china-banking-and-insurance-regulatory-commission")
    page = client.get(old.get_absolute_url()).content.decode()
    assert "继任机构" in page and old.successor.get_absolute_url() in page
    assert "前身" in client.get(old.successor.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999",
        "date_from=2021-02-30",
        "date_to=9999-12-31",
        "date_from=0000-01-01",
        "year=2021&year=x",
    ],
)
def test_a_malformed_date_filter_is_shown_and_ignored(client, twenty_four_articles, query):
    response = client.get(f"/campaigns/duanka/?{query}")
    assert response.status_code == 200
    assert response.context["errors"] and 'role="alert"' in response.content.decode()
    assert response.context["span"]["n"] == client.get("/campaigns/duanka/").context["span"]["n"]


def test_the_new_tables_speak_english_after_the_switch(client, twenty_four_articles):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/campaigns/yunjian/", {"year": "2021"}).content.decode()
    assert "Yearly phases" in page and "Agencies mentioned in the same articles" in page
    assert "Articles mentioning it per month of 2021" in page and "Month" in page
    page = client.get("/", {"year": "2021"}).content.decode()
    assert "Matching articles per month of 2021" in page and "同时提及" not in page


def test_campaign_pages_take_unicode_slugs_and_nothing_else(client):
    """A NUL in the slug (which PostgreSQL cannot be asked about) or anything a slug cannot hold is
    not found by the URL itself."""
    Campaign.objects.create(name="断卡行动二〇九九", slug="断卡-2099")
    assert client.get(Campaign.objects.get(slug="断卡-2099").get_absolute_url()).status_code == 200
    assert client.get("/campaigns/duanka/").status_code == 200
    for slug in ["1%00", "duanka%00", "a.b", "%FF%FE", "%3Cscript%3E"]:
        assert client.get(f"/campaigns/{slug}/").status_code == 404
