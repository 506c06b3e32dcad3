"""The extractor on text alone: agencies by longest name at word boundaries, campaigns by pattern."""

import pytest

from archive.ingest.entities import NameTable, extract_entities

WORDS = {"公安部门": 50, "部门": 900, "长城": 300, "人民银行": 20}


@pytest.fixture
def table():
    return NameTable(
        agencies={
            "公安部": "公安部",
            "中国人民银行": "中国人民银行",
            "人民银行": "中国人民银行",
            "央行": "中国人民银行",
            "工信部": "工业和信息化部",
            "工业和信息化部": "工业和信息化部",
            "国务院": "国务院",
            "国务院联席会议": "国务院联席会议",
            "国务院新闻办公室": "国务院新闻办公室",
            "教育部": "教育部",
            "中共中央": "中共中央",
            "中央纪律检查委员会": "中央纪律检查委员会",
        },
        campaigns={"断卡": "断卡", "长城": "长城", "云剑": "云剑", "云剑-2020": "云剑", "净网": "净网", "斷卡": "断卡"},
        quoted_only={"长城"},
        ignored={"平安"},
        words=WORDS,
    )


def test_longest_alias_wins_and_counts_once_per_place(table):
    found = extract_entities("中国人民银行发布通知。人民银行表示,央行将继续推进。", table)
    assert found.agencies == {"中国人民银行": 3}


def test_agency_inside_a_longer_word_is_not_a_mention(table):
    assert "公安部" not in extract_entities("各地公安部门加强宣传。", table).agencies
    assert extract_entities("公安部会同工信部部署。", table).agencies == {"公安部": 1, "工业和信息化部": 1}


def test_quoted_campaign_run_before_operation_word(table):
    found = extract_entities("公安部连续组织“长城”“云剑”等行动,并开展“断卡”行动。", table)
    assert found.campaigns == {"长城": 1, "云剑": 1, "断卡": 1}
    assert not found.suggested


def test_great_wall_is_not_a_campaign(table):
    assert not extract_entities("游客登上长城,远眺群山。", table).campaigns


def test_quoted_terms_that_are_not_operations_are_ignored(table):
    found = extract_entities("打掉“两卡”违法犯罪团伙,突出打击“卡商卡贩”和“行业内鬼”。", table)
    assert not found.campaigns and not found.suggested


def test_yearly_phase_counts_for_its_campaign(table):
    found = extract_entities("公安部部署“云剑-2020”行动和“净网2021”专项行动。", table)
    assert found.campaigns == {"云剑": 1, "净网": 1}


def test_unknown_quoted_operation_is_suggested_without_its_year(table):
    found = extract_entities("各地开展“护网2021”专项行动。", table)
    assert found.suggested == {"护网": 1}
    assert not found.campaigns


def test_rejected_names_are_not_suggested_again(table):
    assert not extract_entities("开展“平安”专项行动。", table).suggested


def test_bare_distinctive_campaign_and_traditional_form(table):
    found = extract_entities("深入推進斷卡工作,断卡成效明显。", table)
    assert found.campaigns == {"断卡": 2}


def test_a_body_named_after_its_parent_does_not_mention_the_parent(table):
    assert extract_entities("国务院联席会议部署工作。", table).agencies == {"国务院联席会议": 1}
    assert extract_entities("国务院新闻办公室举行发布会。", table).agencies == {"国务院新闻办公室": 1}


@pytest.mark.parametrize(
    "text",
    [
        "国务院打击治理电信网络诈骗犯罪工作部际联席会议部署全国“断卡”行动。",  # a wording nobody curated
        "国务院扶贫开发领导小组办公室发布通知。",
        "国务院第七次全国人口普查领导小组召开会议。",
        "由国务院银行业监督管理机构负责监督管理。",
        "国务院食品安全委员会印发意见。",
    ],
)
def test_an_agency_beginning_a_longer_body_name_is_not_mentioned(table, text):
    assert "国务院" not in extract_entities(text, table).agencies


@pytest.mark.parametrize(
    "text",
    [
        "国务院决定成立国家反垄断委员会。",
        "国务院总理李克强同欧盟委员会主席通电话。",
        "国务院同意建立部际联席会议制度。",
        "国务院近日印发指导意见，要求各地成立工作领导小组。",
        "国务院部署实施健康中国行动。",
        "经国务院批准，新机构作为国务院直属机构。",
    ],
)
def test_an_agency_followed_by_a_clause_is_mentioned(table, text):
    assert "国务院" in extract_entities(text, table).agencies


def test_an_office_or_bureau_of_an_agency_stays_its_mention(table):
    assert extract_entities("教育部办公厅印发通知。", table).agencies == {"教育部": 1}
    assert extract_entities("公安部刑侦局通报案情。", table).agencies == {"公安部": 1}


def test_a_place_passed_over_is_searched_again_for_a_shorter_name_inside(table):
    assert extract_entities("中共中央纪律检查委员会召开全会。", table).agencies == {"中央纪律检查委员会": 1}
