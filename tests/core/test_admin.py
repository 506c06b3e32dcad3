"""The admin as the curation tool: every list loads with search and filters, actions work, curator
decisions survive re-extraction."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.ingest.names import current_name_table
from archive.ingest.save import apply_extraction
from archive.models import Agency, AgencyMention, Alias, Article, Campaign, CampaignMention, Copy, Mention, Source

from ..factories import make_article

pytestmark = pytest.mark.django_db

MODELS = [Article, Copy, Source, Agency, Campaign, Alias, AgencyMention, CampaignMention]
SEARCHED = {Source: "人民日报", Agency: "公安部"}  # the others find the article's 断卡


@pytest.fixture
def article():
    return make_article(title="断卡通报", body="公安部会同人民银行开展“断卡”行动。")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_has_a_searchable_changelist_and_an_add_form(admin_client, article, model):
    name = model._meta.model_name
    url = reverse(f"admin:archive_{name}_changelist")
    listed = admin_client.get(url)
    assert listed.status_code == 200 and listed.context["cl"].result_count == model.objects.count() > 0
    assert listed.context["cl"].search_fields and 'id="searchbar"' in listed.content.decode()
    word = SEARCHED.get(model, "断卡")
    searched = admin_client.get(url, {"q": word})
    assert searched.status_code == 200 and searched.context["cl"].query == word
    assert 0 < searched.context["cl"].result_count <= listed.context["cl"].result_count
    add = admin_client.get(reverse(f"admin:archive_{name}_add"))
    assert add.status_code == 200 and f'id="{name}_form"' in add.content.decode()
    assert set(add.context["adminform"].form.fields) <= {f.name for f in model._meta.get_fields()}


def test_article_change_page_shows_copies_and_mentions_with_origin(admin_client, article):
    page = admin_client.get(reverse("admin:archive_article_change", args=[article.pk])).content.decode()
    assert "https://pages.test/" in page and "自动抽取" in page
    assert 'name="content_hash"' not in page  # derived fields are read-only


def test_the_chinese_admin_names_every_field_in_chinese(admin_client, article):
    page = admin_client.get(reverse("admin:archive_article_change", args=[article.pk])).content.decode()
    for label in ("内容哈希", "分词器版本", "创建时间", "更新时间"):
        assert f"{label}:" in page
    for english in ("Content hash", "Tokenizer version", "Created at", "Updated at"):
        assert english not in page
    # Every field of every model the archive defines, not only those shown today. The ids and the
    # bookkeeping fields django-simple-history adds to its history models are left to those packages.
    unnamed = [
        f"{model.__name__}.{field.name}: {field.verbose_name}"
        for model in apps.get_app_config("archive").get_models()
        for field in model._meta.get_fields()
        if field.concrete
        and field.name != "id"
        and not field.name.startswith("history_")
        and not re.search(r"[\u4e00-\u9fff]", str(field.verbose_name))
    ]
    assert unnamed == []


def test_withdraw_and_publish_actions(admin_client, article):
    url = reverse("admin:archive_article_changelist")
    admin_client.post(url, {"action": "withdraw", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    admin_client.post(url, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_reextract_action_picks_up_a_new_alias_and_reindexes(admin_client, article):
    agency = Agency.objects.create(name="某某测试委员会", slug="test-committee")
    Article.objects.filter(pk=article.pk).update(body="公安部会同某测委开展“断卡”行动。")
    Alias.objects.create(name="某测委", agency=agency)
    admin_client.post(
        reverse("admin:archive_article_changelist"), {"action": "reextract", "_selected_action": [article.pk]}
    )
    assert AgencyMention.objects.filter(article=article, agency=agency).exists()
    assert list(Article.objects.search("某测委")) == [article]


def test_curator_removal_and_addition_survive_reextraction(article):
    removed = AgencyMention.objects.get(article=article, agency__name="公安部")
    removed.origin = Mention.Origin.CURATOR_REMOVED
    removed.save()
    added = CampaignMention.objects.create(
        article=article, campaign=Campaign.objects.get(name="云剑"), origin=Mention.Origin.CURATOR
    )
    apply_extraction(article, current_name_table())
    removed.refresh_from_db()
    assert removed.origin == Mention.Origin.CURATOR_REMOVED
    assert CampaignMention.objects.filter(pk=added.pk).exists()
    agencies = set(AgencyMention.objects.active().filter(article=article).values_list("agency__name", flat=True))
    assert agencies == {"中国人民银行"}


def test_removed_mention_leaves_the_facet_and_the_agency_filter(client, article):
    AgencyMention.objects.filter(article=article, agency__name="公安部").update(origin=Mention.Origin.CURATOR_REMOVED)
    data = client.get("/api/articles/", {"agency": "ministry-of-public-security"}).json()
    assert data["count"] == 0
    data = client.get("/api/articles/").json()
    assert "公安部" not in {f["name"] for f in data["facets"]["agency"]}


def test_alias_is_owned_by_exactly_one_entity():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Alias.objects.create(name="两个主人", agency=Agency.objects.first(), campaign=Campaign.objects.first())


def test_changelist_search_uses_the_archive_index_and_finds_addresses(admin_client, article):
    other = make_article(title="长城保护条例", body="文物部门加强长城保护。", url="https://example.gov.cn/a/1.html")
    url = reverse("admin:archive_article_changelist")

    def found(term):
        return {a.pk for a in admin_client.get(url, {"q": term}).context["cl"].result_list}

    assert found("斷卡") == {article.pk}  # traditional input, a string inside the body
    assert found("长城 -断卡") == {other.pk}
    assert found("https://example.gov.cn/a/1.html") == {other.pk}
    assert found("!!!") == set()


def test_changelist_query_count_does_not_grow_with_the_articles(admin_client, article, django_assert_max_num_queries):
    url = reverse("admin:archive_article_changelist")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url, {"q": "断卡"})
    for n in range(30):
        make_article(title=f"断卡第{n}号通报", body=f"公安部“断卡”行动第{n}批。")
    with django_assert_max_num_queries(len(few)):
        response = admin_client.get(url, {"q": "断卡"})
    assert response.context["cl"].result_count == 31


def test_changelist_campaign_filter(admin_client, article):
    make_article(title="长城保护条例", body="文物部门加强长城保护。")
    response = admin_client.get(reverse("admin:archive_article_changelist"), {"campaign": "duanka"})
    assert [a.pk for a in response.context["cl"].result_list] == [article.pk]
    assert admin_client.get(reverse("admin:archive_article_changelist"), {"campaign": "no-such"}).status_code == 200
