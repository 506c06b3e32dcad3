"""Result snippets: the window of the body where the query stands best, with its words marked."""

import pytest

from archive.search.query import parse_query
from archive.search.snippets import snippet

# The first paragraph has 电信网络 and 诈骗 apart; the whole phrase stands only further on.
BODY = (
    "人民银行召开会议,部署加强电信网络安全管理,同时防范各类诈骗风险,并就支付结算、账户管理和反洗钱等工作作出安排,"
    "要求各分支机构结合本地实际认真抓好落实,确保各项任务按期完成。\n"
    + "会议还听取了各地工作汇报,对下一阶段的重点工作进行了研究。" * 3
    + "\n会议强调,要深入推进“断卡”行动,严厉打击电信网络诈骗犯罪,切实保护人民群众财产安全。"
)


@pytest.mark.django_db
def test_the_snippet_shows_the_phrase_where_it_stands_whole_not_its_pieces_apart():
    words = parse_query("断卡 电信网络诈骗").highlight_words
    assert {"电信", "网络", "诈骗"} <= set(words)  # jieba's pieces are highlighted too, wherever they stand
    shown = snippet(BODY, words)
    assert "<mark>电信网络诈骗</mark>" in shown and "<mark>断卡</mark>" in shown
    assert "安全管理" not in shown
    alone = snippet(BODY, parse_query("电信网络诈骗").highlight_words)
    assert "<mark>电信网络诈骗</mark>" in alone and "安全管理" not in alone


def test_with_nothing_better_the_snippet_starts_at_the_first_match():
    text = "开头一句。" * 10 + "这里提到断卡。" + "中间。" * 40 + "那里也提到断卡。"
    shown = snippet(text, ["断卡"], plain=True)
    assert shown.startswith("…") and "这里提到断卡" in shown and "那里" not in shown
    assert snippet("没有匹配的正文。", ["断卡"]) == "没有匹配的正文。"


def test_more_terms_in_one_window_win_over_a_longer_match_alone():
    text = "公安部部署工作。" + "无关的句子。" * 30 + "断卡行动与反诈宣传同步开展。"
    shown = snippet(text, ["断卡", "反诈", "公安部"], plain=True)
    assert "断卡" in shown and "反诈" in shown
