"""The administrative level (中央, 省级, 市级, 县级) and the province of an issuer, read from its name.

Pure: a name in, a Place out. The name says where it sits: 国务院办公厅 and 公安部 are central;
浙江省人民政府办公厅 and 浙江省教育厅 provincial in 浙江 (so is 国家税务总局浙江省税务局, a central
body's provincial branch); 杭州市人民政府 and 延边朝鲜族自治州 municipal; 余杭区 and 桐庐县 county. A
direct-administered city's districts are counties (北京市海淀区). A county-level city written alone
(义乌市) reads as municipal: its name does not say otherwise. A city named without its province has
the province of the few cities listed in CITIES, and none otherwise.
"""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    CENTRAL = "central", _("中央")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")
    UNKNOWN = "unknown", _("层级不明")


# Each provincial-level division: its short name (the region shown) and its full name.
PROVINCES = {
    "北京": "北京市",
    "天津": "天津市",
    "上海": "上海市",
    "重庆": "重庆市",
    "河北": "河北省",
    "山西": "山西省",
    "辽宁": "辽宁省",
    "吉林": "吉林省",
    "黑龙江": "黑龙江省",
    "江苏": "江苏省",
    "浙江": "浙江省",
    "安徽": "安徽省",
    "福建": "福建省",
    "江西": "江西省",
    "山东": "山东省",
    "河南": "河南省",
    "湖北": "湖北省",
    "湖南": "湖南省",
    "广东": "广东省",
    "海南": "海南省",
    "四川": "四川省",
    "贵州": "贵州省",
    "云南": "云南省",
    "陕西": "陕西省",
    "甘肃": "甘肃省",
    "青海": "青海省",
    "台湾": "台湾省",
    "内蒙古": "内蒙古自治区",
    "广西": "广西壮族自治区",
    "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区",
    "香港": "香港特别行政区",
    "澳门": "澳门特别行政区",
}
MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}  # 直辖市: their districts and counties are county-level
# The provincial capitals and the sub-provincial cities, for a city named without its province.
CITIES = {
    "石家庄": "河北", "太原": "山西", "沈阳": "辽宁", "大连": "辽宁", "长春": "吉林", "哈尔滨": "黑龙江",
    "南京": "江苏", "苏州": "江苏", "杭州": "浙江", "宁波": "浙江", "合肥": "安徽", "福州": "福建",
    "厦门": "福建", "南昌": "江西", "济南": "山东", "青岛": "山东", "郑州": "河南", "武汉": "湖北",
    "长沙": "湖南", "广州": "广东", "深圳": "广东", "海口": "海南", "成都": "四川", "贵阳": "贵州",
    "昆明": "云南", "西安": "陕西", "兰州": "甘肃", "西宁": "青海", "呼和浩特": "内蒙古", "南宁": "广西",
    "拉萨": "西藏", "银川": "宁夏", "乌鲁木齐": "新疆",
}  # fmt: skip
_FULL = re.compile("|".join(sorted((re.escape(full) for full in PROVINCES.values()), key=len, reverse=True)))
_SHORT = re.compile(r"^(?:中共|中国共产党)?(" + "|".join(sorted(PROVINCES, key=len, reverse=True)) + ")")
_CENTRAL = re.compile(r"^(?:国务院|中共中央|中央|全国|国家|最高人民|中华人民共和国|中国|党中央)")
# A ministry or another central body named alone: 公安部, 海关总署, 审计署, 人社部.
_CENTRAL_END = re.compile(r"(?:部|署|总局)$")
# A place below the province, at the front of what is left of the name. 市场, 城市 and 城乡 are words,
# not places (浙江省市场监督管理局, 北京市城市管理委员会).
_CITY = re.compile(r"^(?:(.{1,10}?自治州)|(.{1,8}?)(?:市(?!场)|盟|地区)|(.{1,4}?)州)")
_COUNTY = re.compile(r"^(.{1,8}?)(?:自治县|自治旗|县|旗|区|市(?!场))")
_NOT_PLACES = ("城市", "都市", "城区", "社区", "园区", "辖区", "城乡", "区域", "地区", "市区", "新区")


@dataclass(frozen=True)
class Place:
    level: str  # a Level
    province: str = ""  # the short name: 浙江, 内蒙古; "" for central or unknown

    @property
    def level_label(self) -> str:
        return Level(self.level).label


def _clean(name: str) -> str:
    return re.sub(r"\s+", "", name or "")


def _below(rest: str) -> tuple[str, str]:
    """The level a name's remainder (after its province, if any) names, and the city it names."""
    city = _CITY.match(rest)
    if city and not rest.startswith(_NOT_PLACES):
        stem = next(group for group in city.groups() if group)
        after = rest[city.end() :]
        if _COUNTY.match(after) and not after.startswith(_NOT_PLACES):
            return Level.COUNTY, stem
        return Level.MUNICIPAL, stem
    if _COUNTY.match(rest) and not rest.startswith(_NOT_PLACES):
        return Level.COUNTY, ""
    return "", ""


def place_of(name: str) -> Place:
    """Where the body of this name sits: its level and its province."""
    name = _clean(name)
    full = _FULL.search(name)
    short = _SHORT.match(name)
    if full or short:
        if full:
            province = next(s for s, f in PROVINCES.items() if f == full.group())
            rest = name[full.end() :]
        else:
            province = short.group(1)
            rest = name[short.end(1) :]
            if rest.startswith("市") and province not in MUNICIPALITIES:
                return Place(Level.MUNICIPAL, province)  # 吉林市: a city of its province's name
        level, _ = _below(rest)
        if province in MUNICIPALITIES and level:
            level = Level.COUNTY  # 北京市海淀区
        return Place(level or Level.PROVINCIAL, province)
    if _CENTRAL.match(name):
        return Place(Level.CENTRAL)
    level, stem = _below(name)
    if level:
        return Place(level, CITIES.get(stem) or CITIES.get(f"{stem}州", ""))
    if _CENTRAL_END.search(name):
        return Place(Level.CENTRAL)
    return Place(Level.UNKNOWN)


def place_of_issuers(names) -> Place:
    """A document's place: its first issuer's whose level its name says (the lead issuer's, usually)."""
    for name in names:
        place = place_of(name)
        if place.level != Level.UNKNOWN:
            return place
    return Place(Level.UNKNOWN)
