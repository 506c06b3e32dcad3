"""Document numbers: one number however its brackets are written, orders with and without a year."""

import pytest

from archive.documents.numbers import find_numbers, number_key, parse_number


@pytest.mark.parametrize(
    "written",
    [
        "国办发〔2021〕84号",
        "国办发[2021]84号",
        "国办发（2021）84号",
        "国办发【2021】84号",
        "国办发(2021)84号",
        "国办发［2021］84号",
        "国办发〔2021〕第84号",
        "国办发 〔2021〕 84 号",
    ],
)
def test_every_bracket_is_the_same_number_written_back_with_the_hexagonal_ones(written):
    number = parse_number(written)
    assert (number.code, number.year, number.serial) == ("国办发", 2021, 84)
    assert number.normalised == "国办发〔2021〕84号"
    assert number_key(written) == number_key("国办发〔2021〕84号") != ""


@pytest.mark.parametrize(
    ("written", "code", "year", "serial", "normalised"),
    [
        ("公安部令第160号", "公安部令", None, 160, "公安部令第160号"),
        ("国务院令第708号", "国务院令", None, 708, "国务院令第708号"),
        ("中国人民银行令〔2021〕第3号", "中国人民银行令", 2021, 3, "中国人民银行令〔2021〕第3号"),
        ("国家税务总局公告2018年第60号", "国家税务总局公告", 2018, 60, "国家税务总局公告2018年第60号"),
    ],
)
def test_orders_and_announcements_keep_their_own_form(written, code, year, serial, normalised):
    number = parse_number(written)
    assert (number.code, number.year, number.serial, number.normalised) == (code, year, serial, normalised)


def test_the_state_councils_orders_are_one_series_however_the_issuer_is_named():
    assert number_key("国令第707号") == number_key("国务院令第707号") == number_key("中华人民共和国国务院令第707号")


def test_what_is_not_a_number_has_no_key():
    for text in ["", "第3号", "2021年84号文件", "国办发〔2021〕", "国务院关于印发方案的通知"]:
        assert parse_number(text) is None and number_key(text) == ""


def test_numbers_in_running_text_start_where_their_code_does():
    text = "根据《意见》（国发〔2019〕5号）和国办发[2018]128号文件精神，按照公安部令第160号，贯彻落实国发〔2019〕5号"
    found = [(text[start:end], number.normalised) for start, end, number in find_numbers(text)]
    assert found == [
        ("国发〔2019〕5号", "国发〔2019〕5号"),
        ("国办发[2018]128号", "国办发〔2018〕128号"),
        ("公安部令第160号", "公安部令第160号"),
        ("国发〔2019〕5号", "国发〔2019〕5号"),
    ]


def test_a_date_before_an_order_is_not_part_of_its_code():
    ((_, _, number),) = find_numbers("1994年1月28日中华人民共和国国务院令第142号发布")
    assert number.code == "中华人民共和国国务院令" and number.serial == 142
