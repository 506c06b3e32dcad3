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
        },
        parents={"国务院联席会议": "国务院", "工业和信息化部": "国务院"},
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


def test_a_body_named_after_its_parent_mentions_the_parent_too(table):
    assert extract_entities("国务院联席会议部署工作。", table).agencies == {"国务院联席会议": 1, "国务院": 1}
    assert extract_entities("工业和信息化部发文。", table).agencies == {"工业和信息化部": 1}
