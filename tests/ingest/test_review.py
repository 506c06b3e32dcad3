"""The importer's doubts about a page, on text alone: which bodies a curator is asked to look at."""

from datetime import datetime

import pytest

from archive.ingest.review import ReviewFlag, review_flags
from archive.models import SHANGHAI

PROSE = "江门警方提示，接到自称公安、检察院、法院人员的来电切勿轻易相信，任何时候都不要透露银行卡密码和验证码。"
WHEN = datetime(2019, 9, 11, tzinfo=SHANGHAI)


def flags(body: str) -> set[str]:
    return set(filter(None, review_flags("标题", body, WHEN, "南方都市报").split(",")))


@pytest.mark.parametrize(
    "last", ["作者：余毅菁 向雪妮返回富达，查看更多", "返回首页", "更多>>", "【打印本页】【关闭窗口】", "相关新闻"]
)
def test_site_text_at_the_end_of_a_body_is_flagged_even_once(last):
    assert flags(f"{PROSE}\n\n{PROSE}\n\n{PROSE}\n\n{last}") == {ReviewFlag.CHROME}


@pytest.mark.parametrize("last", ["（完）", "（记者 张天培）", "江门警方提醒，拿不准时可拨打110求证。"])
def test_a_body_ending_as_articles_end_is_not_flagged(last):
    assert flags(f"{PROSE}\n\n{PROSE}\n\n{PROSE}\n\n{last}") == set()


def test_one_short_line_inside_a_body_is_not_flagged():
    assert flags(f"{PROSE}\n\n一、\n\n{PROSE}\n\n{PROSE}") == set()
