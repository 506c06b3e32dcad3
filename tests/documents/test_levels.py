"""An issuer's administrative level and province, read from its name alone."""

import pytest

from archive.documents.levels import Level, Place, place_of, place_of_issuers


@pytest.mark.parametrize(
    "name",
    ["国务院", "国务院办公厅", "中共中央办公厅", "公安部", "人力资源社会保障部", "海关总署", "审计署",
     "中国人民银行", "国家市场监督管理总局", "最高人民法院", "中央网络安全和信息化委员会办公室",
     "中共中央台湾工作办公室"],
)  # fmt: skip
def test_the_state_council_the_party_centre_and_the_ministries_are_central(name):
    assert place_of(name) == Place(Level.CENTRAL)


@pytest.mark.parametrize(
    ("name", "province"),
    [
        ("浙江省人民政府办公厅", "浙江"),
        ("浙江省教育厅", "浙江"),
        ("浙江省市场监督管理局", "浙江"),
        ("江苏省住房和城乡建设厅", "江苏"),
        ("广西壮族自治区人民政府", "广西"),
        ("内蒙古自治区发展和改革委员会", "内蒙古"),
        ("北京市人民政府", "北京"),
        ("北京市市场监督管理局", "北京"),
        ("北京市城市管理委员会", "北京"),
        ("中共浙江省委办公厅", "浙江"),
        ("国家税务总局浙江省税务局", "浙江"),
        ("吉林省人民政府", "吉林"),
    ],
)
def test_a_province_its_departments_and_a_central_bodys_provincial_branch_are_provincial(name, province):
    assert place_of(name) == Place(Level.PROVINCIAL, province)


@pytest.mark.parametrize(
    ("name", "province"),
    [
        ("浙江省杭州市人民政府", "浙江"),
        ("杭州市人民政府办公厅", "浙江"),
        ("杭州市市场监督管理局", "浙江"),
        ("杭州市城市管理局", "浙江"),
        ("南宁市教育局", "广西"),
        ("吉林市人民政府", "吉林"),
        ("延边朝鲜族自治州人民政府", ""),
        ("吉林省延边朝鲜族自治州人民政府", "吉林"),
        ("锡林郭勒盟行政公署", ""),
        ("某地市人民政府", ""),
    ],
)
def test_a_city_a_prefecture_and_a_league_are_municipal(name, province):
    assert place_of(name) == Place(Level.MUNICIPAL, province)


@pytest.mark.parametrize(
    ("name", "province"),
    [
        ("杭州市余杭区人民政府", "浙江"),
        ("浙江省杭州市桐庐县人民政府", "浙江"),
        ("北京市海淀区人民政府", "北京"),
        ("上海市浦东新区人民政府", "上海"),
        ("重庆市万州区人民政府", "重庆"),
        ("桐庐县人民政府办公室", ""),
        ("海淀区教育委员会", ""),
        ("鄂伦春自治旗人民政府", ""),
    ],
)
def test_a_county_a_district_and_a_banner_are_county_level(name, province):
    assert place_of(name) == Place(Level.COUNTY, province)


def test_a_name_that_says_no_place_is_of_unknown_level():
    assert place_of("某省网络安全厅") == Place(Level.UNKNOWN)
    assert place_of("") == Place(Level.UNKNOWN)


def test_a_document_is_placed_by_its_first_issuer_whose_name_says_where():
    assert place_of_issuers(["某协会", "浙江省教育厅", "国务院"]) == Place(Level.PROVINCIAL, "浙江")
    assert place_of_issuers(["中共中央办公厅", "国务院办公厅"]) == Place(Level.CENTRAL)
    assert place_of_issuers([]) == Place(Level.UNKNOWN)
    assert place_of("浙江省教育厅").level_label == "省级"
