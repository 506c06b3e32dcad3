from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.ingest.dates import find_dates, labelled_date, parse_date
from archive.ingest.page import Rejected
from archive.ingest.text import parse_text_dump

from ..conftest import PAGES, corpus_file

pytestmark = pytest.mark.usefixtures("english")  # the rejection reasons, as the command line gives them

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHROME = ("当前位置", "首页", "网站地图", "关闭", "网站链接", "国家及部委网站", "备案", "公网安备", "标识码", "点击量")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


@pytest.fixture
def seed():
    text = corpus_file("seed/000_fa2acf3d762a095f.txt").read_text(encoding="utf-8")
    return parse_text_dump(text, url="http://www.xjbl.gov.cn/", site="博乐市人民政府")


def test_seed_dump_gives_title_time_author_source_and_section(seed):
    assert seed.title == "我国打击电信网络诈骗犯罪成效显著 2020年为群众挽回经济损失1870余亿元"
    assert seed.published_at == at(2021, 4, 10, 18, 52)
    assert seed.published_at.utcoffset().total_seconds() == 8 * 3600
    assert seed.author == "张天培"
    assert seed.source == "人民日报"
    assert seed.section == "政务动态>中央要闻"
    assert (seed.url, seed.site) == ("http://www.xjbl.gov.cn/", "博乐市人民政府")


def test_seed_body_runs_from_first_to_last_paragraph_of_the_article(seed):
    paragraphs = seed.paragraphs
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("2020年以来")
    assert paragraphs[-1].endswith("(记者 张天培)")  # half-width, as the file has it
    assert seed.body == "\n\n".join(paragraphs)
    assert "“断卡”行动" in seed.body


def test_seed_body_carries_no_navigation_or_footer(seed):
    for word in CHROME + ("简体", "政务服务登录", "人社部", "新疆生产建设兵团", "博尔塔拉新闻网", seed.title):
        assert word not in seed.body, word
    assert "\n\n\n" not in seed.body and seed.body == seed.body.strip()
    for paragraph in seed.paragraphs:
        assert "\n" not in paragraph and "  " not in paragraph


def test_dump_with_full_width_labels_is_parsed():
    page = parse_text_dump((PAGES / "dump_sample.txt").read_text(encoding="utf-8"))
    assert page.title == "“断卡”行动持续推进 涉诈“两卡”乱象得到有效遏制"
    assert page.published_at == at(2022, 6, 1, 10, 0)
    assert page.source == "新华社"
    assert page.author == "陈立"
    assert page.section == "新闻中心>警方动态"
    assert len(page.paragraphs) == 5
    assert page.paragraphs[0].startswith("记者从公安部获悉")
    assert page.paragraphs[-1].endswith("（记者 陈立）")
    assert "中国人民银行" in page.body
    for word in CHROME + ("责任编辑", "周洁", "打印", "友情链接", "西河县"):
        assert word not in page.body, word


def test_title_above_the_labelled_line_is_found():
    dump = "\n".join(
        [
            "首页 | 新闻 | 公告",
            "关于开展打击治理电信网络诈骗专项宣传月活动的通知",
            "发布日期：2021年4月10日  文章来源：县反诈中心  作者：刘洋",
            "为进一步提高群众识骗防骗能力，经研究，决定于四月在全县开展打击治理电信网络诈骗专项宣传月活动，现将有关事项通知如下。",
            "各乡镇、各部门要结合实际制定宣传方案，组织志愿者走进村组和社区，把防骗知识讲到群众身边。",
            "上一篇：关于做好春季安全生产工作的通知",
        ]
    )
    page = parse_text_dump(dump)
    assert page.title == "关于开展打击治理电信网络诈骗专项宣传月活动的通知"
    assert page.published_at == at(2021, 4, 10)
    assert (page.source, page.author) == ("县反诈中心", "刘洋")
    assert len(page.paragraphs) == 2 and "上一篇" not in page.body


def test_a_date_widget_in_the_page_header_is_not_the_publication_time():
    dump = "\n".join(
        [
            "日期：2023年01月05日 星期四",
            "字号：大 中 小",
            "首页 政务公开 新闻中心",
            "发布时间：2021-07-01 08:30 来源：县融媒体中心",
            "县反诈中心走进企业开展防骗讲座",
            "7月1日，县反诈中心民警走进辖区企业，围绕刷单返利、虚假投资理财等常见骗局，为职工讲解识别诈骗的方法和应对要点。",
            "民警提醒，凡是要求先垫付资金、再承诺高额回报的，都要提高警惕，不给骗子可乘之机。",
        ]
    )
    page = parse_text_dump(dump)
    assert page.title == "县反诈中心走进企业开展防骗讲座"
    assert page.published_at == at(2021, 7, 1, 8, 30)
    assert page.source == "县融媒体中心"


def test_dump_with_only_chrome_is_rejected():
    dump = "网站首页\n\n当前位置：首页>通知公告>正文\n\n时间：2021-04-10\n\n提示信息\n\n该信息已过期或已删除\n\n关闭"
    with pytest.raises(Rejected, match="^no article: the page says “该信息已过期或已删除”"):
        parse_text_dump(dump)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2021-04-10 18:52", at(2021, 4, 10, 18, 52)),
        ("2021年04月10日 18:52", at(2021, 4, 10, 18, 52)),
        ("2021年4月10日", at(2021, 4, 10)),
        ("2021/04/10", at(2021, 4, 10)),
        ("2019-12-10 07:57:40", at(2019, 12, 10, 7, 57, 40)),
        ("2019年06月15日08:18  来源：人民网", at(2019, 6, 15, 8, 18)),
        ("2021年4月10日 18时52分", at(2021, 4, 10, 18, 52)),
        ("2019-09-11T02:46:57", at(2019, 9, 11, 2, 46, 57)),
        ("2019-09-11T02:46:57Z", at(2019, 9, 11, 10, 46, 57)),
        ("2007-08-20-23:59:59", at(2007, 8, 20, 23, 59, 59)),
        ("《人民日报》（ 2024年05月10日   04 版）", at(2024, 5, 10)),
    ],
)
def test_dates_are_read_as_shanghai_time(text, expected):
    value = parse_date(text)
    assert value == expected
    assert value.tzinfo == SHANGHAI


@pytest.mark.parametrize(
    "text, expected",
    [
        ("时间:2021-04-10 18:52", at(2021, 4, 10, 18, 52)),
        ("发布时间：2021年03月15日 09:30", at(2021, 3, 15, 9, 30)),
        ("日期: 2021/04/10", at(2021, 4, 10)),
        ("发布日期:2016-11-22", at(2016, 11, 22)),
        ("成文日期：2019年01月27日  发布日期：2019年02月15日", at(2019, 2, 15)),
        ("发布日期：\n2019年02月15日", at(2019, 2, 15)),
    ],
)
def test_labelled_dates_take_full_and_half_width_colons(text, expected):
    assert labelled_date(text) == expected


def test_written_date_is_not_a_publication_label():
    hits = find_dates("成文日期：2019年01月27日")
    assert len(hits) == 1 and hits[0].label == "成文日期" and not hits[0].is_publish
    assert labelled_date("成文日期：2019年01月27日") is None


@pytest.mark.parametrize("text", ["", "2021-13-01", "2021-02-30", "版本 v2019.13.40", "浏览次数：2019", "2024年5月"])
def test_things_that_are_not_dates_give_none(text):
    assert parse_date(text) is None


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)))
def test_written_datetimes_read_back(moment):
    moment = moment.replace(second=0, microsecond=0)
    for text in (f"{moment:%Y-%m-%d %H:%M}", f"{moment:%Y年%m月%d日 %H:%M}", f"{moment:%Y/%m/%d %H:%M}"):
        assert parse_date(f"发布时间：{text}") == moment.replace(tzinfo=SHANGHAI)


def test_a_dump_loses_the_navigation_run_into_its_last_line_and_after_it():
    prose = "县反诈中心提醒，凡是要求先转账、再办事的，都要提高警惕，不给骗子可乘之机。"
    dump = "\n".join(
        [
            "县反诈中心发布提醒",
            "发布时间：2021-07-01 08:30",
            prose * 2,
            f"{prose}（记者 王明）返回首页，查看更多",
            "返回列表",
        ]
    )
    page = parse_text_dump(dump)
    assert page.paragraphs[-1] == f"{prose}（记者 王明）"
