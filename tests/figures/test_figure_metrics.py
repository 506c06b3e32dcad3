"""What a figure counts: a phrase naming a thing, or nothing. Bare verbs, verbs waiting for their
object, time phrases, clause fragments and places are not metrics; a curator fills an empty metric
in, where a wrong one would file the figure under a series that does not exist."""

from datetime import date

import pytest

from archive.figures.extract import extract_figures
from archive.figures.metrics import names_a_quantity

PUBLISHED = date(2024, 1, 18)


def metrics(text, published=PUBLISHED):
    return [f.metric for f in extract_figures(text, published)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a decision and a method of reckoning: 年初确定的 is no metric; 按不变价格计算 says how, not what
        (
            "初步核算，全年国内生产总值达到126.06万亿元，按不变价格计算比上年增长5.2%，实现了年初确定的5%左右的预期目标。",
            ["国内生产总值", "国内生产总值增长", ""],
        ),
        # a time phrase and a causative: who was made to do what is not a quantity's name
        ("“团圆”行动到8月下旬已让3400多名被拐儿童回到亲人身边。", [""]),
        # 为这次行动 is a preposition's phrase, not the copula 为: the deed is 列出, its object follows
        ("最高人民检察院为这次行动列出了11项重点工作。", ["列出重点工作"]),
        # a place is not what is counted: what follows the number is
        ("缅北地区累计已有4.1万名电信网络诈骗犯罪嫌疑人被移交我方。", ["电信网络诈骗犯罪嫌疑人"]),
        # a list's 等 with no noun after it, and a bare verb whose object is not a noun
        ("新建项目分布于广东、江苏、福建等14个省区。", [""]),
        ("通知共提出十条具体要求。", [""]),
        # words left at the end that are not the metric's: a copula, a level reached, an averaging
        ("全国追回的外逃人员共有1841人。", ["追回的外逃人员"]),
        ("本土确诊病例首次降至97人。", ["本土确诊病例"]),
        ("国内生产总值达到114.4万亿元，两年平均增长5.1%。", ["国内生产总值", "国内生产总值平均增长"]),
    ],
)
def test_a_metric_names_what_is_counted_or_is_left_empty(text, expected):
    assert metrics(text) == expected


@pytest.mark.parametrize(
    "metric",
    [
        "确定",  # a bare verb
        "扩招",
        "到8月下旬已让",  # a time and a causative
        "行动列出",  # a verb waiting for its object
        "主要民生领域现状的满意度调查显示",  # a report, not a quantity
        "的乡镇直接",  # begins with what joins it to words before
        "及以下党员",
        "分布于广东、江苏等",  # a list's 等 with nothing after it
        "打掉涉及16个吸贩毒团伙",  # holds another number
        "地区",  # a place alone
        "宽",  # an adjective alone
    ],
)
def test_what_is_not_a_phrase_naming_a_quantity_is_rejected(metric):
    assert names_a_quantity(metric) == ""


@pytest.mark.parametrize(
    "metric, kept",
    [
        ("破获电信网络诈骗案件", "破获电信网络诈骗案件"),
        ("打掉涉黑组织", "打掉涉黑组织"),  # jieba tags every word a verb: a deed and its object
        ("国内生产总值增长", "国内生产总值增长"),
        ("快递包裹", "快递包裹"),  # 快递 and 包裹 tagged as verbs: only a one-word metric is judged by its tag
        ("投资", "投资"),
        ("死亡", "死亡"),
        ("地级及以上城市PM2.5浓度下降", "地级及以上城市PM2.5浓度下降"),
        ("追回的外逃人员共有", "追回的外逃人员"),
        ("安置区近", "安置区"),
        ("确诊病例从最高峰时", "确诊病例"),
        ("建设者历时", "建设者"),
    ],
)
def test_a_phrase_naming_a_quantity_is_kept_without_the_words_left_at_its_end(metric, kept):
    assert names_a_quantity(metric) == kept
