"""The archive's first document, imported from ../shared/corpus/seed as a user would."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from archive.models import Article, CampaignMention, Copy

from ..conftest import SEED

pytestmark = pytest.mark.django_db

SEED_AGENCIES = {
    "公安部",
    "工业和信息化部",
    "中国人民银行",
    "最高人民法院",
    "最高人民检察院",
    "中国银行保险监督管理委员会",
    "中央网络安全和信息化委员会办公室",
    "中共中央宣传部",
    "国务院打击治理电信网络新型违法犯罪工作部际联席会议",
}


@pytest.fixture
def seed_article(corpus, run_import):
    result = run_import(SEED)
    assert result.code == 0, result.output
    return Article.objects.get()


def test_seed_imports_as_one_clean_article(seed_article):
    assert seed_article.title == "我国打击电信网络诈骗犯罪成效显著 2020年为群众挽回经济损失1870余亿元"
    assert seed_article.published_at == datetime(2021, 4, 10, 18, 52, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert seed_article.author == "张天培"
    assert seed_article.source.name == "人民日报"
    assert seed_article.body.startswith("2020年以来")
    assert seed_article.body.rstrip().endswith("张天培)") or seed_article.body.rstrip().endswith("张天培）")
    for chrome in (
        "网站地图",
        "政务服务登录",
        "点击量",
        "关闭",
        "网站链接",
        "备案序号",
        "公网安备",
        "伊犁哈萨克自治州",
    ):
        assert chrome not in seed_article.body
    assert Copy.objects.get().section == "政务动态>中央要闻"


def test_seed_agencies_include_every_body_named(seed_article):
    names = set(seed_article.agency_mentions.values_list("agency__name", flat=True))
    assert SEED_AGENCIES <= names
    assert "国务院" not in names  # named only as the start of the joint meeting's name


def test_seed_campaigns_are_exactly_duanka_changcheng_yunjian(seed_article):
    names = set(CampaignMention.objects.filter(article=seed_article).values_list("campaign__name", flat=True))
    assert names == {"断卡", "长城", "云剑"}


def test_second_import_reports_unchanged_and_writes_nothing(seed_article, run_import):
    result = run_import(SEED)
    assert result.code == 0
    assert result.line_for(SEED.name).endswith(": unchanged")
    assert Article.objects.count() == 1 and Copy.objects.count() == 1


def test_seed_is_found_by_simplified_and_traditional_search(seed_article):
    assert list(Article.objects.search("断卡 电信网络诈骗")) == [seed_article]
    assert list(Article.objects.search("電信網絡詐騙 斷卡")) == [seed_article]
    assert not Article.objects.search("断卡 -诈骗").exists()
