"""reextract: the kept originals read again with today's extractor; per field, how many articles
change; applied through the save path, with what a curator set kept."""

from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article
from tests.conftest import PAGES, staff_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_originals")]
PAGE = PAGES / "gbk_no_charset.html"


def reextract(*args) -> str:
    out = StringIO()
    call_command("reextract", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def extracted_long_ago(run_import):
    """An article as an older extractor left it: another title and no author (written without
    history, as an import's bulk write is)."""
    run_import(PAGE)
    article = Article.objects.get()
    today = {"title": article.title, "author": article.author}
    Article.objects.filter(pk=article.pk).update(title="旧的抽取结果:标题里还带着网站名", author="")
    return article.pk, today


def test_a_dry_run_counts_the_changes_per_field_and_writes_nothing(extracted_long_ago):
    pk, today = extracted_long_ago
    output = reextract("--dry-run")
    assert "1 articles read again (0 without a kept original)" in output
    assert "  title: 1 change" in output and "  body: 0 change" in output
    assert "dry run: 1 articles would change" in output
    assert Article.objects.get(pk=pk).title == "旧的抽取结果:标题里还带着网站名"


def test_applied_changes_go_through_the_save_path_and_the_index(client, extracted_long_ago):
    pk, today = extracted_long_ago
    assert "1 articles changed" in reextract()
    article = Article.objects.get(pk=pk)
    assert article.title == today["title"]
    found = client.get("/api/articles/", {"q": "集中宣传"}).json()["results"]
    assert [r["id"] for r in found] == [pk]
    assert "0 articles would change" in reextract("--dry-run")  # nothing left to do


def test_a_title_a_curator_corrected_is_kept(extracted_long_ago):
    pk, today = extracted_long_ago
    article = Article.objects.get(pk=pk)
    article.title = "柳川县公安局开展断卡行动集中宣传(编辑改过)"
    article._history_user = staff_user("zhang", "curator")
    article.save()
    output = reextract()
    assert "  title: 0 change, 1 kept as curated" in output
    assert Article.objects.get(pk=pk).title == "柳川县公安局开展断卡行动集中宣传(编辑改过)"


def test_the_filters_choose_the_articles(extracted_long_ago):
    assert "0 articles read again" in reextract("--dry-run", "--q", "不存在的词语组合")
