"""Checks on the reference data (agencies, campaigns, sources) and the demo corpus.

Plain pytest, no database: run with
    .venv/bin/python -m pytest -p no:django tests/ingest/test_reference_data.py -q
"""

import json
import os
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest

from .test_seed import SEED_AGENCIES

FIXTURES = Path(__file__).resolve().parents[2] / "archive" / "fixtures"
# shared/ sits beside the checkout: /work/main + /work/shared here, and the same layout in CI.
SEED_DIR = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seed"
SEED_FILE = "000_fa2acf3d762a095f.txt"

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PUBLISHED_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00$")
AGENCY_KINDS = {"party", "npc", "state_council", "court", "procuratorate", "regulator", "enterprise", "other"}
SOURCE_KINDS = {"newspaper", "news_agency", "broadcaster", "government", "website"}
DEMO_URL_PREFIX = "https://demo.policy-archive.example/"


def _load(name):
    with open(FIXTURES / name, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def agencies():
    return _load("agencies.json")


@pytest.fixture(scope="module")
def campaigns():
    return _load("campaigns.json")


@pytest.fixture(scope="module")
def sources():
    return _load("sources.json")


@pytest.fixture(scope="module")
def articles():
    with open(FIXTURES / "demo" / "articles.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="module")
def by_name(agencies):
    return {a["name"]: a for a in agencies}


@pytest.fixture(scope="module")
def alias_owner(agencies, campaigns, sources):
    """Every alias and phase name -> (entity type, canonical name) of its one owner."""
    owner = {}
    for kind, rows in (("agency", agencies), ("campaign", campaigns), ("source", sources)):
        for row in rows:
            names = list(row["aliases"]) + [p["name"] for p in row.get("phases", [])]
            for alias in names:
                owner.setdefault(alias, []).append((kind, row["name"]))
    return owner


def _date(value):
    return date.fromisoformat(value) if value else None


# ---------------------------------------------------------------- shapes and counts


def test_counts(agencies, campaigns, sources, articles):
    assert len(agencies) >= 80
    assert len(campaigns) >= 20
    assert len(sources) >= 15
    assert len(articles) >= 40


def test_agency_fields(agencies):
    for a in agencies:
        assert {"name", "slug", "kind", "parent", "valid_from", "valid_to", "successor", "aliases"} <= a.keys(), a
        assert a["name"].strip() == a["name"] and a["name"], a
        assert a["kind"] in AGENCY_KINDS, a
        assert isinstance(a["aliases"], list), a
        for field in ("valid_from", "valid_to"):
            if a[field] is not None:
                assert DATE_RE.match(a[field]), a
                _date(a[field])
        if a["valid_from"] and a["valid_to"]:
            assert _date(a["valid_from"]) < _date(a["valid_to"]), a
        if a["successor"]:
            assert a["valid_to"], f"{a['name']} has a successor but no valid_to"


def test_campaign_fields(campaigns):
    for c in campaigns:
        for field in ("name", "slug", "written_form", "description"):
            assert isinstance(c[field], str) and c[field].strip(), (c["name"], field)
        assert isinstance(c["quoted_only"], bool), c["name"]
        assert c["lead_agencies"], c["name"]
        assert c["name"] in c["written_form"], c["name"]
        if c["first_mentioned"] is not None:
            assert DATE_RE.match(c["first_mentioned"]), c["name"]
            _date(c["first_mentioned"])
        for phase in c["phases"]:
            assert set(phase) == {"name", "year"}, phase
            assert isinstance(phase["year"], int) and 2000 <= phase["year"] <= 2030, phase
            written_years = re.findall(r"(?<!\d)(20\d\d)(?!\d)", phase["name"])
            assert all(int(y) == phase["year"] for y in written_years), phase
            assert phase["name"].startswith(c["name"]), phase


def test_source_fields(sources):
    for s in sources:
        assert s["name"].strip(), s
        assert s["kind"] in SOURCE_KINDS, s
        assert isinstance(s["aliases"], list), s


@pytest.mark.parametrize("fixture_name", ["agencies", "campaigns", "sources"])
def test_slugs_unique_and_ascii(fixture_name, request):
    rows = request.getfixturevalue(fixture_name)
    slugs = [r["slug"] for r in rows]
    for slug in slugs:
        assert slug.isascii() and SLUG_RE.match(slug), slug
    dupes = [s for s, n in Counter(slugs).items() if n > 1]
    assert not dupes, dupes


def test_canonical_names_unique(agencies, campaigns, sources):
    names = [r["name"] for r in agencies + campaigns + sources]
    dupes = [n for n, k in Counter(names).items() if k > 1]
    assert not dupes, dupes


# ---------------------------------------------------------------- references


def test_agency_references_exist(agencies, by_name):
    for a in agencies:
        for field in ("parent", "successor"):
            if a[field] is not None:
                assert a[field] in by_name, f"{a['name']}.{field} -> {a[field]!r} is not a canonical agency name"
                assert a[field] != a["name"], a["name"]


def test_no_parent_cycles(agencies, by_name):
    for a in agencies:
        seen = {a["name"]}
        node = a
        while node["parent"]:
            node = by_name[node["parent"]]
            assert node["name"] not in seen, f"parent cycle through {a['name']}"
            seen.add(node["name"])


def test_campaign_agencies_exist(campaigns, by_name):
    for c in campaigns:
        for name in c["lead_agencies"] + c["agencies"]:
            assert name in by_name, f"{c['name']}: unknown agency {name!r}"
        assert not set(c["lead_agencies"]) & set(c["agencies"]), c["name"]


# ---------------------------------------------------------------- aliases


def test_aliases_have_one_owner(alias_owner):
    shared = {alias: owners for alias, owners in alias_owner.items() if len(owners) > 1}
    assert not shared, shared


def test_aliases_are_not_canonical_names(agencies, campaigns, sources, alias_owner):
    canonical = {r["name"] for r in agencies + campaigns + sources}
    clashes = sorted(alias for alias in alias_owner if alias in canonical)
    assert not clashes, clashes


def test_aliases_are_long_enough_and_clean(alias_owner):
    for alias in alias_owner:
        assert len(alias) >= 2, alias
        assert alias == alias.strip() and "\n" not in alias, repr(alias)


@pytest.mark.parametrize(
    "word",
    ["公安", "法院", "检察院", "国家", "政府", "央视", "中央", "联席会议", "统计局", "海警局", "统战部", "长城"],
)
def test_ambiguous_words_are_not_agency_or_campaign_aliases(word, alias_owner):
    # 央视 is a media outlet: it may only be an alias of a source.
    assert all(kind == "source" for kind, _ in alias_owner.get(word, [])), alias_owner[word]


@pytest.mark.parametrize(
    "alias,canonical",
    [
        ("工信部", "工业和信息化部"),
        ("人民银行", "中国人民银行"),
        ("央行", "中国人民银行"),
        ("最高法", "最高人民法院"),
        ("最高院", "最高人民法院"),
        ("最高检", "最高人民检察院"),
        ("银保监会", "中国银行保险监督管理委员会"),
        ("银监会", "中国银行业监督管理委员会"),
        ("保监会", "中国保险监督管理委员会"),
        ("网信办", "中央网络安全和信息化委员会办公室"),
        ("国家网信办", "中央网络安全和信息化委员会办公室"),
        ("国家互联网信息办公室", "中央网络安全和信息化委员会办公室"),
        ("中央网信办", "中央网络安全和信息化委员会办公室"),
        ("全国人大法工委", "全国人大常委会法制工作委员会"),
        ("法工委", "全国人大常委会法制工作委员会"),
        ("全国人大常委会", "全国人民代表大会常务委员会"),
        ("发改委", "国家发展和改革委员会"),
        ("国家发改委", "国家发展和改革委员会"),
        ("市场监管总局", "国家市场监督管理总局"),
        ("卫健委", "国家卫生健康委员会"),
        ("人社部", "人力资源和社会保障部"),
        ("住建部", "住房和城乡建设部"),
        ("证监会", "中国证券监督管理委员会"),
        ("国资委", "国务院国有资产监督管理委员会"),
        ("税务总局", "国家税务总局"),
        ("广电总局", "国家广播电视总局"),
        ("医保局", "国家医疗保障局"),
        ("中宣部", "中共中央宣传部"),
        ("党中央", "中共中央"),
        ("中国电信", "中国电信集团有限公司"),
        ("中国移动", "中国移动通信集团有限公司"),
        ("中国联通", "中国联合网络通信集团有限公司"),
    ],
)
def test_required_agency_aliases(alias, canonical, alias_owner):
    assert alias_owner.get(alias) == [("agency", canonical)]


REQUIRED_AGENCIES = """
外交部 国防部 国家发展和改革委员会 教育部 科学技术部 工业和信息化部 国家民族事务委员会 公安部 国家安全部
民政部 司法部 财政部 人力资源和社会保障部 自然资源部 生态环境部 住房和城乡建设部 交通运输部 水利部
农业农村部 商务部 文化和旅游部 国家卫生健康委员会 退役军人事务部 应急管理部 中国人民银行 审计署
海关总署 国家税务总局 国家市场监督管理总局 国家金融监督管理总局 中国证券监督管理委员会 国家广播电视总局
国家体育总局 国家统计局 国家医疗保障局 国务院国有资产监督管理委员会 国家知识产权局 国家移民管理局
国家外汇管理局 国家邮政局 国家数据局 最高人民法院 最高人民检察院 国务院 国务院办公厅 全国人民代表大会
全国人民代表大会常务委员会 全国人大常委会法制工作委员会 中共中央 中共中央办公厅 中共中央组织部
中共中央宣传部 中共中央政法委员会 中央网络安全和信息化委员会办公室 中央纪律检查委员会 国家监察委员会
国家反诈中心 国务院打击治理电信网络新型违法犯罪工作部际联席会议
""".split()


@pytest.mark.parametrize("name", REQUIRED_AGENCIES)
def test_required_agencies(name, by_name):
    assert name in by_name


def test_kinds_of_key_agencies(by_name):
    assert by_name["国务院"]["kind"] == "state_council"
    assert by_name["最高人民法院"]["kind"] == "court"
    assert by_name["最高人民检察院"]["kind"] == "procuratorate"
    assert by_name["全国人大常委会法制工作委员会"]["parent"] == "全国人民代表大会常务委员会"
    assert by_name["国家反诈中心"]["parent"] == "公安部"
    for carrier in ("中国电信集团有限公司", "中国移动通信集团有限公司", "中国联合网络通信集团有限公司"):
        assert by_name[carrier]["kind"] == "enterprise"
    assert by_name["中央网络安全和信息化委员会办公室"]["note"], "the 网信办 decision must be explained"


def test_financial_regulator_succession(by_name):
    cbirc = by_name["中国银行保险监督管理委员会"]
    nfra = by_name["国家金融监督管理总局"]
    assert cbirc["valid_from"] == "2018-04-08"
    assert cbirc["valid_to"] == "2023-05-18"
    assert cbirc["successor"] == "国家金融监督管理总局"
    assert nfra["valid_from"] == "2023-05-18"
    assert nfra["valid_to"] is None
    for old in ("中国银行业监督管理委员会", "中国保险监督管理委员会"):
        assert by_name[old]["successor"] == "中国银行保险监督管理委员会"
        assert by_name[old]["valid_to"].startswith("2018-")
        assert by_name[old]["valid_to"] == cbirc["valid_from"]


def test_successor_starts_when_predecessor_ends(agencies, by_name):
    for a in agencies:
        succ = by_name.get(a["successor"]) if a["successor"] else None
        if succ and succ["valid_from"]:
            assert _date(succ["valid_from"]) <= _date(a["valid_to"]), a["name"]


# ---------------------------------------------------------------- campaigns


@pytest.mark.parametrize("name", ["断卡", "长城", "云剑", "净网", "清朗", "昆仑", "猎狐", "天网"])
def test_required_campaigns(name, campaigns):
    assert name in {c["name"] for c in campaigns}


def test_seed_campaigns(campaigns):
    c = {row["name"]: row for row in campaigns}
    assert c["断卡"]["lead_agencies"] == ["公安部"]
    assert {"工业和信息化部", "中国人民银行", "最高人民法院", "最高人民检察院"} <= set(c["断卡"]["agencies"])
    assert c["断卡"]["first_mentioned"] == "2020-10-10"
    assert c["断卡"]["quoted_only"] is False
    assert c["长城"]["quoted_only"] is True
    assert "公安部" in c["长城"]["lead_agencies"] and "公安部" in c["云剑"]["lead_agencies"]
    assert "云剑-2021" in [p["name"] for p in c["云剑"]["phases"]]
    assert "净网2021" in [p["name"] for p in c["净网"]["phases"]]
    for name in ("天网", "蓝天", "昆仑", "猎狐", "清朗", "护苗", "秋风"):
        if name in c:
            assert c[name]["quoted_only"] is True, name


def test_phase_years_unique_within_campaign(campaigns):
    for c in campaigns:
        names = [p["name"] for p in c["phases"]]
        assert len(names) == len(set(names)), c["name"]


# ---------------------------------------------------------------- demo corpus


def test_demo_articles_shape(articles, sources):
    source_names = {s["name"] for s in sources}
    keys = {"title", "published_at", "author", "source", "url", "site", "section", "body"}
    for a in articles:
        assert set(a) == keys, a.get("url")
        assert a["title"].strip() and a["body"].strip(), a["url"]
        assert isinstance(a["author"], str)
        assert a["source"] in source_names, a["source"]
        assert a["site"].strip() and a["section"].strip(), a["url"]
        assert a["url"].startswith(DEMO_URL_PREFIX), a["url"]
        assert PUBLISHED_RE.match(a["published_at"]), a["published_at"]
        year = datetime.fromisoformat(a["published_at"]).year
        assert 2019 <= year <= 2024, a["published_at"]
        paragraphs = [p for p in a["body"].split("\n\n") if p.strip()]
        assert 3 <= len(paragraphs) <= 6, a["url"]
        assert 300 <= len(a["body"]) <= 900, (a["url"], len(a["body"]))


def test_demo_urls_unique(articles):
    dupes = [u for u, n in Counter(a["url"] for a in articles).items() if n > 1]
    assert not dupes, dupes


def test_demo_spread_over_years(articles):
    years = Counter(datetime.fromisoformat(a["published_at"]).year for a in articles)
    assert set(years) == {2019, 2020, 2021, 2022, 2023, 2024}, years


def test_demo_has_a_reprint_pair(articles):
    groups = defaultdict(list)
    for a in articles:
        groups[(a["title"], a["body"])].append(a)
    pairs = [g for g in groups.values() if len(g) > 1]
    assert pairs, "expected at least one reprint (same title and body on two sites)"
    for group in pairs:
        assert len({a["site"] for a in group}) == len(group)
        assert len({a["section"] for a in group}) == len(group)


QUOTED_IN_DEMO = ["“断卡”", "“长城”", "“云剑-2021”", "“净网2021”", "“清朗", "“昆仑", "“猎狐", "“天网"]


@pytest.mark.parametrize("quoted", QUOTED_IN_DEMO)
def test_demo_mentions_campaigns_in_quotes(quoted, articles):
    assert any(quoted in a["title"] + a["body"] for a in articles), quoted


def test_demo_duanka_across_years(articles):
    years = {datetime.fromisoformat(a["published_at"]).year for a in articles if "“断卡”" in a["body"]}
    assert {2020, 2021, 2022, 2023} <= years, years


def test_demo_telecom_fraud_articles(articles):
    assert sum("电信网络诈骗" in a["body"] for a in articles) >= 5


@pytest.mark.parametrize(
    "canonical",
    sorted(
        SEED_AGENCIES
        | {"国家反诈中心", "中国电信集团有限公司", "中国移动通信集团有限公司", "中国联合网络通信集团有限公司"}
    ),  # noqa: E501
)
def test_demo_mentions_seed_agencies(canonical, by_name, articles):
    names = [canonical] + by_name[canonical]["aliases"]
    text = "\n".join(a["title"] + a["body"] for a in articles)
    assert any(n in text for n in names), canonical


def _seed_texts():
    if not SEED_DIR.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"seed folder missing in CI: {SEED_DIR}")
        pytest.skip(f"seed folder not found: {SEED_DIR}")
    files = [SEED_DIR / SEED_FILE] if (SEED_DIR / SEED_FILE).is_file() else sorted(SEED_DIR.glob("*.txt"))
    if not files:
        if os.environ.get("CI"):
            pytest.fail(f"no seed text in {SEED_DIR}")
        pytest.skip(f"no seed text in {SEED_DIR}")
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def _mask_names(text, names):
    """Cut a text at long proper names: names are facts, not running text, so a run may not span one."""
    for name in names:
        text = text.replace(name, "\x00")
    return "".join(text.split())


def test_demo_bodies_do_not_copy_the_seed(articles, agencies, campaigns, sources):
    run = 20
    names = {r["name"] for r in agencies + campaigns + sources}
    names |= {alias for r in agencies + campaigns + sources for alias in r["aliases"]}
    names = sorted((n for n in names if len(n) >= 8), key=len, reverse=True)
    grams = set()
    for text in _seed_texts():
        flat = _mask_names(text, names)
        grams.update(flat[i : i + run] for i in range(len(flat) - run + 1))
    grams = {g for g in grams if "\x00" not in g}
    for a in articles:
        flat = _mask_names(a["body"], names)
        copied = [flat[i : i + run] for i in range(len(flat) - run + 1) if flat[i : i + run] in grams]
        assert not copied, (a["url"], copied[:3])
