"""load_demo, load_reference and reindex, as an operator runs them."""

from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Agency, Alias, Article, Campaign
from archive.search.tokenize import TOKENIZER_VERSION

from ..factories import make_article

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_migrations_load_the_reference_data():
    assert Agency.objects.count() >= 80 and Campaign.objects.count() >= 20
    assert Alias.objects.get(name="央行").agency.name == "中国人民银行"
    assert Agency.objects.get(name="中国银行保险监督管理委员会").successor.name == "国家金融监督管理总局"


def test_load_reference_again_changes_nothing_and_keeps_curator_aliases():
    Alias.objects.create(name="公安总部", agency=Agency.objects.get(name="公安部"))
    before = (Agency.objects.count(), Campaign.objects.count(), Alias.objects.count())
    run("load_reference")
    assert (Agency.objects.count(), Campaign.objects.count(), Alias.objects.count()) == before


def test_load_demo_gives_a_browsable_archive_and_is_idempotent(client):
    run("load_demo")
    count = Article.objects.count()
    assert count >= 40
    assert {a.year for a in Article.objects.all()} >= {2019, 2020, 2021, 2022, 2023, 2024}
    assert "unchanged" in run("load_demo") and Article.objects.count() == count
    data = client.get("/api/articles/", {"campaign": "duanka"}).json()
    assert data["count"] >= 3


def test_reindex_updates_rows_of_an_older_tokenizer_only():
    fresh, stale = make_article(title="断卡一"), make_article(title="断卡二")
    Article.objects.filter(pk=stale.pk).update(tokenizer_version=0)
    assert "1 articles would be reindexed" in run("reindex", "--dry-run")
    assert "reindexed 1 articles" in run("reindex")
    assert set(Article.objects.values_list("tokenizer_version", flat=True)) == {TOKENIZER_VERSION}
    assert "reindexed 2 articles" in run("reindex", "--all")
    assert set(Article.objects.search("断卡")) == {fresh, stale}


def test_reindex_on_every_core_matches_one_by_one(tmp_path):
    for n in range(220):  # enough for the worker processes
        make_article(title=f"第{n}篇", body=f"公安部第{n}次通报“断卡”行动,打击电信网络诈骗。")
    before = {a.pk: a.title for a in Article.objects.search("断卡 -第7")}
    Article.objects.update(tokenizer_version=0)
    assert "reindexed 220 articles" in run("reindex", "--workers", "2")
    assert {a.pk: a.title for a in Article.objects.search("断卡 -第7")} == before
    assert Article.objects.search("第219次").count() == 1
