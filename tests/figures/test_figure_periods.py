"""The year a figure counts for. A period written without its year (a quarter, a half-year, 前N个月,
a range of months, 截至…月底, 全年) and no year before it in its paragraph is of the latest year in
which it was over by the publication date; a year compared with is not a period."""

from datetime import date

import pytest

from archive.figures.extract import extract_figures


def periods(text, published):
    return [(f.period, f.year) for f in extract_figures(text, published)]


@pytest.mark.parametrize(
    "text, published, period, year",
    [
        ("分季度看，四个季度国内生产总值同比分别增长4.5%和5.2%。", date(2024, 1, 18), "四个季度", 2023),
        ("前三季度，规模以上工业增加值增长4%。", date(2024, 1, 18), "前三季度", 2023),
        ("一季度，社会消费品零售总额增长5.8%。", date(2024, 1, 18), "一季度", 2023),
        ("第四季度，出口增长1.2%。", date(2024, 1, 18), "第四季度", 2023),
        ("上半年，城镇新增就业678万人。", date(2024, 3, 1), "上半年", 2023),
        ("下半年，城镇新增就业566万人。", date(2024, 1, 20), "下半年", 2023),
        ("前11个月，全国侦破电信网络诈骗案件39.1万起。", date(2024, 1, 5), "前11个月", 2023),
        ("1至10月，全国铁路发送旅客32.5亿人次。", date(2024, 1, 10), "1至10月", 2023),
        ("截至3月底，开通账户4000个。", date(2024, 1, 5), "截至3月底", 2023),
        ("全年共破获电信网络诈骗案件44.1万起。", date(2022, 1, 5), "全年", 2021),
    ],
)
def test_a_period_without_its_year_is_the_latest_one_over_by_publication(text, published, period, year):
    assert periods(text, published) == [(period, year)] * len(extract_figures(text, published))


@pytest.mark.parametrize(
    "text, published, period, year",
    [
        ("一季度，社会消费品零售总额增长5.8%。", date(2024, 4, 16), "一季度", 2024),  # over: this year's
        ("上半年，城镇新增就业678万人。", date(2023, 7, 20), "上半年", 2023),
        ("前11个月，全国侦破电信网络诈骗案件39.1万起。", date(2023, 12, 10), "前11个月", 2023),
        ("全年粮食总产量13908亿斤。", date(2023, 12, 11), "全年", 2023),  # a year's total comes in December
        ("下半年将新增就业岗位500万个。", date(2024, 3, 1), "下半年", 2024),  # a plan: still to come
        ("2022年经济运行平稳。二季度国内生产总值增长0.4%。", date(2024, 1, 18), "二季度", 2022),  # named before
        ("截至9月中旬，关闭违法违规网站6000余家。", date(2020, 9, 15), "截至9月中旬", 2020),  # the month begun
    ],
)
def test_a_period_over_named_or_planned_keeps_its_year(text, published, period, year):
    assert periods(text, published) == [(period, year)]


def test_an_as_of_without_a_year_is_the_latest_such_day_and_never_after_the_report():
    [march] = extract_figures("截至3月底，开通账户4000个。", date(2024, 1, 5))
    assert march.as_of == date(2023, 3, 31)
    [september] = extract_figures("截至9月中旬，关闭违法违规网站6000余家。", date(2020, 9, 15))
    assert september.as_of == date(2020, 9, 15)
    [january] = extract_figures("截至1月30日24时，累计报告确诊病例9692例。", date(2020, 1, 31))
    assert january.as_of == date(2020, 1, 30)


def test_a_year_named_in_another_paragraph_does_not_date_this_one():
    text = "2019年全国政府采购规模为3.3万亿元。\n截至7月，自贸区新设立企业4200家。"
    assert periods(text, date(2020, 8, 30)) == [("2019年", 2019), ("截至7月", 2020)]


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("今年高考报名人数为1071万，比去年增加40万。", date(2020, 7, 6), [("今年", 2020), ("今年", 2020)]),
        ("2021年，利润总额增长34.3%，比2019年同期增长36.7%。", date(2022, 1, 27), [("2021年", 2021)] * 2),
        ("今年前四个月，芝加哥有997人遭枪击，去年同期为718人。", date(2021, 5, 3), [("今年", 2021), ("去年", 2020)]),
        ("与上年相比，入围企业增加了6家。", date(2020, 9, 28), [("", 2020)]),
    ],
)
def test_a_year_compared_with_is_not_the_figures_period(text, published, expected):
    assert periods(text, published) == expected
