"""The figure extractor on text alone: numbers, units, qualifiers, metrics, periods, and what is not a figure."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.figures.extract import extract_figures
from archive.figures.numbers import NotANumber, chinese_decimal
from archive.ingest.read import read_bytes

from ..conftest import SEED, corpus_file

PUBLISHED = date(2021, 4, 10)


def one(text, published=PUBLISHED):
    found = extract_figures(text, published)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("两千", 2000),
        ("十五", 15),
        ("一百二十万", 1_200_000),
        ("三万五千", 35_000),
        ("一千零五", 1005),
        ("三千五", 3500),
        ("一亿两千万", 120_000_000),
        ("三点五亿", 350_000_000),
        ("十二点零五", Decimal("12.05")),
    ],
)
def test_chinese_numerals_read_exactly(numeral, value):
    assert chinese_decimal(numeral) == Decimal(value)


@pytest.mark.parametrize("numeral", ["十三五", "一一", "十百"])
def test_words_that_look_like_numerals_are_not_numbers(numeral):
    with pytest.raises(NotANumber):
        chinese_decimal(numeral)


@pytest.mark.parametrize(
    "text, value, unit, qualifier",
    [
        ("共破获案件32.2万起。", "322000", "起", ""),
        ("止付冻结涉案资金2720余亿元。", "272000000000", "元", "more_than"),
        ("短信15亿余条。", "1500000000", "条", "more_than"),
        ("约谈3000余家机构。", "3000", "家", "more_than"),
        ("减轻负担1.1万亿元。", "1100000000000", "元", ""),
        ("覆盖率达到百分之三十。", "30", "%", ""),
        ("增长12.5%。", "12.5", "%", ""),
        ("增长12.5％。", "12.5", "%", ""),
        ("培训两千人。", "2000", "人", ""),
        ("快递量2亿6300万件。", "263000000", "件", ""),
        ("提高1.5个百分点。", "1.5", "百分点", ""),
        ("服务1,234人次。", "1234", "人次", ""),
        ("装机392万千瓦。", "3920000", "千瓦", ""),
        ("电压400千伏。", "400", "千伏", ""),
        ("人口达1400万。", "14000000", "", ""),
        ("近2万亿元。", "2000000000000", "元", "about"),
        ("约60亿元。", "6000000000", "元", "about"),
        ("超过300万人。", "3000000", "人", "more_than"),
        ("逾50家。", "50", "家", "more_than"),
        ("90%以上。", "90", "%", "more_than"),
        ("100人左右。", "100", "人", "about"),
        ("不到20名。", "20", "名", "less_than"),
        ("破獲案件3.2萬起。", "32000", "起", ""),
    ],
)
def test_a_figure_is_read_with_its_value_unit_and_qualifier(text, value, unit, qualifier):
    figure = one(text)
    assert (figure.value, figure.unit, figure.qualifier) == (Decimal(value), unit, qualifier)
    assert str(figure.value) == value  # plain: no exponent, no trailing zeros


def test_a_range_keeps_both_ends_with_the_shared_magnitude():
    figure = one("安置3至5万人。")
    assert (figure.value, figure.value_max, figure.qualifier) == (Decimal(30000), Decimal(50000), "range")


@pytest.mark.parametrize(
    "text",
    [
        "国办发〔2021〕84号文件。",
        "拨打96110反诈专线。",
        "2020年以来成效显著。",
        "依照第十条规定。",
        "第15次会议召开。",
        "5G基站建设加快。",
        "落实“十四五”规划。",
        "这是一个重要举措。",
        "提出两项要求。",
        "持续6个月。",
        "19时45分到达现场。",
        "10月1日起施行。",
        "“净网2021”专项行动。",
        "数万人参加。",
    ],
)
def test_dates_codes_ordinals_and_words_are_not_figures(text):
    assert extract_figures(text, PUBLISHED) == []


def test_the_metric_is_the_verb_and_object_before_the_number():
    found = extract_figures("全国公安机关共破获电信网络诈骗案件32.2万起，抓获犯罪嫌疑人36.1万名。", PUBLISHED)
    assert [f.metric for f in found] == ["破获电信网络诈骗案件", "抓获犯罪嫌疑人"]


def test_a_list_shares_its_verb_and_a_change_its_subject():
    found = extract_figures("缴获手机卡328.6万张、银行卡19.1万张。外贸进出口总值31.54万亿元，增长3.4%。", PUBLISHED)
    assert [f.metric for f in found] == ["缴获手机卡", "缴获银行卡", "外贸进出口总值", "外贸进出口总值增长"]


def test_an_object_after_the_number_completes_the_metric():
    assert one("成功劝阻870万名群众免于被骗。").metric == "劝阻群众"


def test_traditional_text_gives_a_simplified_metric():
    assert one("全國共破獲電信網絡詐騙案件32.2萬起。").metric == "破获电信网络诈骗案件"


def test_periods_resolve_against_the_text_and_the_publication_date():
    text = (
        "2020年以来成效明显。全年共破获案件32.2万起。\n截至目前，抓获嫌疑人21.3万名。\n"
        "去年初以来开展收网15次。\n另有数据100起。"
    )
    found = extract_figures(text, PUBLISHED)
    assert [(f.period, f.year, f.as_of) for f in found] == [
        ("全年", 2020, None),
        ("截至目前", 2021, PUBLISHED),
        ("去年", 2020, None),
        ("", 2021, None),  # no period named: the year it was published
    ]


def test_an_end_of_month_is_the_last_day():
    assert one("截至2021年3月底，开通账户4000个。").as_of == date(2021, 3, 31)


def test_offsets_point_at_the_words_in_the_body():
    body = "标题之后\n\n全年共破获案件32.2万起。"
    figure = one(body)
    assert body[figure.start : figure.end] == figure.text == "32.2万起"


MAGNITUDE = {"万": 4, "亿": 8, "万亿": 12}


@settings(max_examples=300)
@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2, allow_nan=False),
    st.sampled_from(sorted(MAGNITUDE)),
    st.booleans(),
    st.sampled_from(["元", "起", "名", "个", "条", ""]),
)
def test_any_decimal_with_a_magnitude_and_an_optional_yu_parses_exactly(number, scale, more, unit):
    written = f"{number.normalize():f}"
    text = f"共计{written}{scale}余{unit}。" if more else f"共计{written}{scale}{unit}。"
    figure = one(text)
    assert figure.value == number.scaleb(MAGNITUDE[scale])
    assert figure.qualifier == ("more_than" if more else "")
    assert figure.unit == unit


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789.,%万亿余多千百十两一二三四五六七八九零点第年月日个元起名〔〕号至-约近超过以上左右，。、\n")
        ),
        max_size=60,
    )
)
def test_no_text_makes_the_extractor_raise(text):
    for figure in extract_figures(text, PUBLISHED):
        assert text[figure.start : figure.end] == figure.text


SEED_FIGURES = [
    ("32.2万起", "322000", "", "破获电信网络诈骗案件"),
    ("36.1万名", "361000", "", "抓获犯罪嫌疑人"),
    ("2720余亿元", "272000000000", "more_than", "止付冻结涉案资金"),
    ("870万名", "8700000", "", "劝阻群众"),
    ("1870余亿元", "187000000000", "more_than", "挽回经济损失"),
    ("15次", "15", "", "开展全国集中收网"),
    ("1.1万个", "11000", "", "捣毁境内诈骗窝点"),
    ("6.9万名", "69000", "", "抓获嫌疑人"),
    ("3000余家", "3000", "more_than", "约谈通报银行和支付机构"),
    ("2.6万名", "26000", "", "惩戒失信人员"),
    ("1.2万个", "12000", "", "打掉两卡违法犯罪团伙"),
    ("21.3万名", "213000", "", "抓获犯罪嫌疑人"),
    ("328.6万张", "3286000", "", "缴获手机卡"),
    ("19.1万张", "191000", "", "缴获银行卡"),
    ("422名", "422", "", "查处行业内鬼"),
    ("1.2万个", "12000", "", "惩处营业网点、机构"),
    ("182万个", "1820000", "", "封堵涉诈域名、网址"),
    ("7.3亿次", "730000000", "", "封堵诈骗电话"),
    ("15亿余条", "1500000000", "more_than", "封堵短信"),
]


def test_the_seeds_figures_are_extracted_each_with_its_metric():
    corpus_file()
    page = read_bytes(SEED.read_bytes(), "text")[0][0]
    found = extract_figures(page.body, page.published_at.date())
    assert [(f.text, str(f.value), f.qualifier, f.metric) for f in found] == SEED_FIGURES
    assert {f.year for f in found[:8]} == {2020}  # 全年 after 2020年以来; 去年 in a 2021 article
    assert found[10].period == "截至目前" and found[10].as_of == date(2021, 4, 10)
