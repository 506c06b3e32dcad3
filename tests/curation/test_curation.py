"""Curation through the admin's own views, as a logged-in curator and a reader: the review queue,
merges, aliases that refresh exactly the affected articles, history with diff and revert, and uploads."""

import io
import json
from datetime import datetime

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from archive.curation import refresh
from archive.curation.models import RefreshTask
from archive.ingest.names import current_name_table
from archive.ingest.review import ReviewFlag
from archive.ingest.save import apply_extraction
from archive.models import SHANGHAI, Agency, AgencyMention, Alias, Article, Campaign, CampaignMention, Mention
from archive.search.tokenize import TOKENIZER_VERSION

from ..conftest import PAGES
from ..factories import make_article

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:archive_article_changelist"


def _suggest(name="清风", n=2):
    """Articles that quote a campaign nobody has confirmed: the importer suggests it."""
    articles = [
        make_article(
            title=f"第{i}篇",
            body=f"各地开展“{name}”行动,公安部通报进展。",
            published_at=datetime(2020 + i, 3, 1, tzinfo=SHANGHAI),
        )
        for i in range(n)
    ]
    return Campaign.objects.get(name=name), articles


def _action(client, model, action, ids, **extra):
    url = reverse(f"admin:archive_{model}_changelist")
    return client.post(url, {"action": action, "_selected_action": ids, **extra})


# The review queue


def test_review_queue_lists_suggestions_with_counts_dates_and_examples(reader):
    campaign, _ = _suggest()
    assert campaign.status == Campaign.Status.SUGGESTED
    page = reader.get(reverse("admin:archive_suggestedcampaign_changelist"))
    assert page.status_code == 200
    row = page.context["cl"].result_list[0]
    assert (row.name, row.n, row.first.year, row.last.year) == ("清风", 2, 2020, 2021)
    assert "各地开展“清风”行动" in page.content.decode()


def test_a_reader_cannot_confirm_reject_or_merge(reader):
    campaign, _ = _suggest()
    for action in ("confirm", "reject", "merge_into"):
        _action(reader, "suggestedcampaign", action, [campaign.pk])
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SUGGESTED
    _action(reader, "agency", "merge_two", list(Agency.objects.values_list("pk", flat=True)[:2]), keep=1, confirm=1)
    assert not Alias.objects.filter(kind=Alias.Kind.VARIANT, agency__isnull=False).exists()


def test_confirm_makes_a_campaign_counted_unquoted(curator, django_capture_on_commit_callbacks):
    campaign, articles = _suggest()
    with django_capture_on_commit_callbacks(execute=True):
        _action(curator, "suggestedcampaign", "confirm", [campaign.pk])
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CONFIRMED
    later = make_article(title="清风再起", body="清风行动持续推进。")
    assert CampaignMention.objects.filter(article=later, campaign=campaign).exists()
    assert RefreshTask.objects.get().status == RefreshTask.Status.DONE


def test_a_rejected_suggestion_stays_rejected_after_reimport(curator, run_import, tmp_path):
    campaign, articles = _suggest()
    _action(curator, "suggestedcampaign", "reject", [campaign.pk])
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.REJECTED
    assert not CampaignMention.objects.filter(campaign=campaign).exists()
    record = {"title": "又见清风", "body": "某地开展“清风”行动。", "date": "2022-05-01", "url": "https://pages.test/q"}
    (tmp_path / "again.jsonl").write_text(json.dumps(record, ensure_ascii=False))
    assert run_import(tmp_path / "again.jsonl").code == 0
    for article in articles:
        apply_extraction(article, current_name_table())
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.REJECTED
    assert not CampaignMention.objects.filter(campaign=campaign).exists()
    assert Campaign.objects.filter(name="清风").count() == 1


def test_merge_a_suggestion_into_a_campaign_as_its_alias(curator, django_capture_on_commit_callbacks):
    suggestion, articles = _suggest("断卡二期", n=1)
    duanka = Campaign.objects.get(name="断卡")
    preview = _action(curator, "suggestedcampaign", "merge_into", [suggestion.pk], target=duanka.pk, preview=1)
    assert preview.status_code == 200 and [p.gone for p in preview.context["plans"]] == [suggestion]
    assert Campaign.objects.filter(pk=suggestion.pk).exists()  # a preview writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        _action(curator, "suggestedcampaign", "merge_into", [suggestion.pk], target=duanka.pk, confirm=1)
    assert not Campaign.objects.filter(pk=suggestion.pk).exists()
    assert Alias.objects.get(name="断卡二期").campaign == duanka
    assert CampaignMention.objects.filter(article=articles[0], campaign=duanka).exists()


# Articles the importer was unsure of


def test_unsure_articles_are_flagged_listed_and_cleared(curator):
    sure = make_article(title="确定的文章", body="公安部部署打击电信网络诈骗工作。" * 20)
    unsure = make_article(title="拿不准的文章", body="首页\n\n打印\n\n关闭\n\n短文。", published_at=None, source="")
    assert sure.review_flags == ""
    assert set(unsure.review_flags.split(",")) == {
        ReviewFlag.NO_DATE,
        ReviewFlag.NO_SOURCE,
        ReviewFlag.SHORT_BODY,
        ReviewFlag.CHROME,
    }
    listed = curator.get(reverse(CHANGELIST), {"review": "any"}).context["cl"].result_list
    assert [a.pk for a in listed] == [unsure.pk]
    assert [a.pk for a in curator.get(reverse(CHANGELIST), {"review": "no_date"}).context["cl"].result_list] == [
        unsure.pk
    ]
    _action(curator, "article", "mark_reviewed", [unsure.pk])
    unsure.refresh_from_db()
    assert unsure.review_flags == ""


# Merging two agencies


def test_merge_two_agencies_previews_then_moves_everything(curator, django_capture_on_commit_callbacks):
    keep = Agency.objects.get(name="公安部")
    gone = Agency.objects.create(name="公安部刑侦局测试", slug="mps-test")
    Alias.objects.create(name="刑侦测试局", agency=gone)
    child = Agency.objects.create(name="测试下级", slug="test-child", parent=gone)
    before = Agency.objects.create(name="测试前身", slug="test-before", successor=gone)
    both = make_article(title="两者", body="公安部与公安部刑侦局测试共同部署。")
    only = make_article(title="其一", body="刑侦测试局通报进展。")
    total = sum(AgencyMention.objects.filter(agency__in=[keep, gone]).values_list("count", flat=True))

    preview = _action(curator, "agency", "merge_two", [keep.pk, gone.pk])
    assert preview.status_code == 200
    plan = next(p for p in preview.context["plans"] if p.keep == keep)
    assert (plan.mentions, plan.shared, plan.aliases) == (1, 1, 2)
    assert plan.references["children"] == 1 and plan.references["predecessors"] == 1
    assert Agency.objects.filter(pk=gone.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        _action(curator, "agency", "merge_two", [keep.pk, gone.pk], keep=keep.pk, confirm=1)
    assert not Agency.objects.filter(pk=gone.pk).exists()
    assert set(Alias.objects.filter(agency=keep).values_list("name", flat=True)) >= {"公安部刑侦局测试", "刑侦测试局"}
    assert sum(AgencyMention.objects.filter(agency=keep).values_list("count", flat=True)) == total  # nothing lost
    assert AgencyMention.objects.filter(article=both, agency=keep).count() == 1
    assert AgencyMention.objects.filter(article=only, agency=keep).exists()
    child.refresh_from_db()
    before.refresh_from_db()
    assert child.parent == keep and before.successor == keep
    # The merged name still finds its articles, through the alias.
    assert curator.get("/api/articles/", {"agency": keep.slug, "q": "刑侦测试局"}).json()["count"] == 1


def test_merge_needs_exactly_two(curator):
    response = _action(curator, "campaign", "merge_two", [Campaign.objects.first().pk])
    assert response.status_code == 302
    assert "恰好选择两项" in curator.get(response.url).content.decode()


# Aliases feed everything


def test_an_alias_added_in_the_admin_reindexes_exactly_the_affected_articles(
    curator, django_capture_on_commit_callbacks
):
    agency = Agency.objects.create(name="某某测试管理总局", slug="test-bureau")
    affected = make_article(title="某测总局发布通知", body="某测总局部署风险防范工作。")
    other = make_article(title="无关文章", body="公安部部署打击电信网络诈骗工作。")
    Article.objects.update(tokenizer_version=0)
    assert not AgencyMention.objects.filter(article=affected, agency=agency).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(
            reverse("admin:archive_alias_add"), {"name": "某测总局", "kind": "short", "agency": agency.pk}
        )
    assert response.status_code == 302
    task = RefreshTask.objects.get()
    assert (task.status, task.articles) == (RefreshTask.Status.DONE, 1)
    assert AgencyMention.objects.filter(article=affected, agency=agency).exists()
    affected.refresh_from_db()
    other.refresh_from_db()
    assert (affected.tokenizer_version, other.tokenizer_version) == (TOKENIZER_VERSION, 0)  # only those
    data = curator.get("/api/articles/", {"agency": agency.slug}).json()
    assert [a["id"] for a in data["results"]] == [affected.pk]
    listed = curator.get(reverse("admin:archive_refreshtask_changelist"))
    assert "某测总局" in listed.content.decode() and "完成" in listed.content.decode()


def test_renaming_an_alias_refreshes_the_articles_of_the_old_name_too(curator, django_capture_on_commit_callbacks):
    agency = Agency.objects.get(name="公安部")
    alias = Alias.objects.create(name="测试公安别名", agency=agency)
    article = make_article(title="别名", body="测试公安别名通报进展。")
    assert AgencyMention.objects.filter(article=article, agency=agency).exists()
    url = reverse("admin:archive_alias_change", args=[alias.pk])
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(url, {"name": "另一个测试别名", "kind": "short", "agency": agency.pk})
    assert not AgencyMention.objects.filter(article=article, agency=agency).exists()
    assert RefreshTask.objects.latest("pk").articles == 1


# A thread has a connection of its own and sees only committed data. The index tables refer to
# archive_article outside Django's models: the flush after the test truncates with CASCADE when
# available_apps is given, and serialized_rollback brings back the reference data for later tests.
@pytest.mark.django_db(
    transaction=True, serialized_rollback=True, available_apps=[c.name for c in django_apps.get_app_configs()]
)
def test_the_refresh_runs_in_the_background_and_the_admin_shows_when_it_is_done(settings):
    settings.ARCHIVE_REFRESH_IN_BACKGROUND = True
    agency = Agency.objects.get(name="公安部")
    article = make_article(title="后台", body="后台测试名通报进展。")
    Alias.objects.create(name="后台测试名", agency=agency)  # autocommit: on_commit runs at once
    for thread in refresh.threads:
        thread.join(timeout=60)
    task = RefreshTask.objects.get()
    assert (task.status, task.articles) == (RefreshTask.Status.DONE, 1)
    assert task.finished_at is not None
    assert AgencyMention.objects.filter(article=article, agency=agency).exists()


def test_refresh_names_runs_what_a_stopped_process_left(settings):
    agency = Agency.objects.get(name="公安部")
    article = make_article(title="遗留", body="遗留测试名通报进展。")
    settings.ARCHIVE_REFRESH_IN_BACKGROUND = True
    with refresh_not_started():
        Alias.objects.create(name="遗留测试名", agency=agency)
    assert RefreshTask.objects.get().status == RefreshTask.Status.PENDING
    from django.core.management import call_command

    call_command("refresh_names", stdout=io.StringIO())
    assert RefreshTask.objects.get().status == RefreshTask.Status.DONE
    assert AgencyMention.objects.filter(article=article, agency=agency).exists()


class refresh_not_started:  # noqa: N801 (a context manager used like a function)
    """The process stops before the committed task starts."""

    def __enter__(self):
        self.start = refresh.start
        refresh.start = lambda task_id: None

    def __exit__(self, *exc):
        refresh.start = self.start


# Curator decisions stick


def test_curator_mentions_survive_reimport_of_an_edited_page(curator, run_import, tmp_path):
    record = {"title": "编辑过的", "body": "公安部通报进展。", "date": "2021-05-01", "url": "https://pages.test/edited"}
    path = tmp_path / "page.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False))
    run_import(path)
    article = Article.objects.get(title="编辑过的")
    AgencyMention.objects.filter(article=article).update(origin=Mention.Origin.CURATOR_REMOVED)
    added = CampaignMention.objects.create(
        article=article, campaign=Campaign.objects.get(name="云剑"), origin=Mention.Origin.CURATOR
    )
    path.write_text(json.dumps({**record, "body": "公安部再次通报进展。"}, ensure_ascii=False))
    assert "updated" in run_import(path).output
    assert not AgencyMention.objects.active().filter(article=article).exists()
    assert CampaignMention.objects.filter(pk=added.pk).exists()
    page = curator.get(reverse("admin:archive_article_change", args=[article.pk])).content.decode()
    assert "编辑添加" in page and "编辑删除" in page


# History


def test_history_records_who_shows_a_diff_and_reverts(curator):
    article = make_article(title="原来的标题", body="原来的正文。公安部通报进展。")
    url = reverse("admin:archive_article_change", args=[article.pk])
    form = curator.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in {"published_at", "source"}}
    data.update(
        title="改过的标题",
        status="published",
        published_at_0="2021-06-01",
        published_at_1="09:00:00",
        source=article.source_id,
        review_flags="",
        **_inline_management(curator.get(url)),
    )
    assert curator.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "改过的标题"
    record = article.history.first()
    assert record.history_user.username == "curator1" and record.history_type == "~"

    history = curator.get(reverse("admin:archive_article_history", args=[article.pk])).content.decode()
    assert "原来的标题" in history and "改过的标题" in history  # the diff
    earlier = article.history.order_by("history_date")[0]
    revert_url = reverse("admin:archive_article_simple_history", args=[article.pk, earlier.history_id])
    form = curator.get(revert_url).context["adminform"].form
    data.update(title=form.initial["title"])
    assert curator.post(revert_url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "原来的标题"
    assert list(Article.objects.search("原来的标题")) == [article]  # the index follows the revert


def _inline_management(response):
    """The management forms of the change page's inlines, as posted unchanged."""
    data = {}
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
        for i, form in enumerate(formset.formset.forms):
            for name, value in form.initial.items():
                if value is not None:
                    data[f"{formset.formset.prefix}-{i}-{name}"] = getattr(value, "pk", value)
            data[f"{formset.formset.prefix}-{i}-id"] = form.instance.pk
            data[f"{formset.formset.prefix}-{i}-article"] = form.instance.article_id
    return data


def test_a_reimport_that_changes_nothing_records_nothing(run_import):
    def records():
        return sum(
            model.history.count() for model in (Article, Agency, Campaign, Alias, AgencyMention, CampaignMention)
        )

    assert run_import(PAGES / "gov_table_layout.html").code == 0
    before = records()
    assert "unchanged" in run_import(PAGES / "gov_table_layout.html").output
    assert records() == before


# Upload
