"""The agency and campaign lists (/agencies/, /campaigns/): each one's count is what its own page
lists; agencies grouped in a declared order and named in the order a reader looks for them (pinyin
in Chinese, the English name in English); agencies and campaigns by their English names on English
pages, wherever they are shown."""

import os
import re
import subprocess
import sys

import pytest
from django.urls import reverse
from django.utils import translation
from pypinyin import Style, lazy_pinyin

from archive.collation import collation_key
from archive.models import Agency, Article, Campaign, Mention

from ..factories import make_article

pytestmark = pytest.mark.django_db

MPS = "/agencies/ministry-of-public-security/"
DUANKA = "/campaigns/duanka/"
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def listed(client, path, **headers) -> list[tuple[str, str, int]]:
    """(address, name, count) of each entry of a list page, in its order."""
    page = client.get(path, **headers).content.decode()
    entry = re.compile(
        r'<li><a href="([^"]+)">([^<]+)</a>(?: <small lang="zh-Hans">[^<]*</small>)? <span class="n">(\d+)</span>'
    )
    return [(href, name, int(n)) for href, name, n in entry.findall(page)]


def groups(client, **headers) -> list[tuple[str, list[str]]]:
    """The agency list's headings, each with the names listed under it."""
    page = client.get("/agencies/", **headers).content.decode()
    sections = re.findall(r"<section><h2>([^<]+)</h2>(.*?)</section>", page, re.S)
    return [(heading, re.findall(r'<li><a href="[^"]+">([^<]+)</a>', body)) for heading, body in sections]


# ---------------------------------------------------------------- counts


def test_each_count_on_the_lists_is_what_the_entitys_own_page_lists(client):
    kept = make_article(title="公安部部署断卡行动", body="公安部部署“断卡”行动,打击电信网络诈骗。")
    removed = make_article(title="某地通报两卡整治", body="公安部、人民银行通报“断卡”行动进展。")
    withdrawn = make_article(title="一篇撤回的通报", body="公安部通报“断卡”行动成果。")
    # A curator removed this article's mentions of 公安部 and 断卡, and withdrew the other article.
    for mention in [
        *removed.agency_mentions.filter(agency__slug="ministry-of-public-security"),
        *removed.campaign_mentions.all(),
    ]:
        mention.origin = Mention.Origin.CURATOR_REMOVED
        mention.save()
    withdrawn.status = Article.Status.WITHDRAWN
    withdrawn.save()
    for list_path, entity_path in (("/agencies/", MPS), ("/campaigns/", DUANKA)):
        page = client.get(entity_path).content.decode()
        shown = [article.title for article in (kept, removed, withdrawn) if article.title in page]
        assert shown == [kept.title]
        counts = {href: n for href, _, n in listed(client, list_path)}
        assert counts[entity_path] == len(shown)
    # 人民银行's mention in the same article stays: the curator removed only the other two.
    assert {href: n for href, _, n in listed(client, "/agencies/")}["/agencies/peoples-bank-of-china/"] == 1


# ---------------------------------------------------------------- order


def test_agency_groups_come_in_their_declared_order_with_other_last(client):
    headings = [heading for heading, _ in groups(client)]
    declared = [str(kind.label) for kind in Agency.Kind]
    assert headings == sorted(headings, key=declared.index)
    assert headings[0] == "党中央机构" and headings[-1] == "其他"


def test_agencies_are_listed_by_pinyin_not_by_code_point(client):
    for heading, names in groups(client):
        initials = [lazy_pinyin(name, style=Style.FIRST_LETTER)[0].lower() for name in names]
        assert initials == sorted(initials), heading
    state_council = dict(groups(client))["国务院及其部门"]
    # By code point 中 < 公 < 国 < 财: the reverse of cai < gong < guo < zhong.
    order = [state_council.index(name) for name in ("财政部", "公安部", "国务院", "中国人民银行")]
    assert order == sorted(order)


def test_english_pages_list_agencies_and_campaigns_by_english_name(client):
    for heading, names in groups(client, **ENGLISH):
        assert names == sorted(names, key=str.casefold), heading
    assert [heading for heading, _ in groups(client, **ENGLISH)][-1] == "Other"
    names = [name for _, name, _ in listed(client, "/campaigns/", **ENGLISH)]
    assert "Card-Breaking Operation" in names and "断卡" not in names


def test_the_lists_read_the_syllables_kept_in_the_rows_not_pypinyin(client, monkeypatch):
    """A web worker never loads pypinyin's 57 MB dictionary: each row keeps its name's reading."""
    before = groups(client)
    collation_key.cache_clear()
    monkeypatch.setitem(sys.modules, "pypinyin", None)  # importing it now fails
    assert groups(client) == before
    assert [n for _, n, _ in listed(client, "/campaigns/")]


def test_a_renamed_agency_keeps_its_new_names_reading():
    agency = Agency.objects.get(name="公安部")
    assert agency.collation == "gong1\x1fan1\x1fbu4"
    agency.name = "重庆市公安局"
    agency.save(update_fields=["name"])
    agency.refresh_from_db()
    assert agency.collation.split("\x1f")[:2] == ["chong2", "qing4"]


def test_a_web_process_loads_neither_pypinyin_nor_a_second_jieba_dictionary():
    """57 MB and 16 MB of every web worker: pypinyin's phrases, and the segmenter rjieba builds
    when imported (emptied: the archive's own segmenter and the figures' tagger are separate)."""
    code = (
        "import sys, django; django.setup(); "
        "import archive.urls, archive.admin, archive.api, archive.views, rjieba; "
        "from archive.figures.metrics import tagger; "
        "print('pypinyin' in sys.modules, rjieba.has_word('中国'), tagger.cache_info().currsize, "
        "tagger().has_word('中国'))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False", "0", "True"]


def test_a_chinese_name_sorts_by_its_reading_and_punctuation_and_case_do_not_count():
    assert collation_key("重庆") < collation_key("公安部")  # 重 read chong here, not zhong
    assert collation_key("中国银行") < collation_key("中国银联")  # 银行 is yin hang: hang < lian
    assert collation_key("“断卡”行动") < collation_key("公安部")  # duan < gong: the quotes are not read
    assert collation_key("national audit office") < collation_key("National Bureau of Statistics")


# ---------------------------------------------------------------- English names


def test_english_pages_name_agencies_and_campaigns_in_english_with_the_chinese_beside(client):
    make_article(title="断卡通报", body="公安部会同中国人民银行开展“断卡”行动。")
    agencies = client.get("/agencies/", **ENGLISH).content.decode()
    assert 'Ministry of Public Security</a> <small lang="zh-Hans">公安部</small>' in agencies
    campaigns = client.get("/campaigns/", **ENGLISH).content.decode()
    assert 'Card-Breaking Operation</a> <small lang="zh-Hans">“断卡”行动</small>' in campaigns
    agency = client.get(MPS, **ENGLISH).content.decode()
    assert '<h1>Ministry of Public Security <small lang="zh-Hans">公安部</small></h1>' in agency
    assert ">State Council</a>" in agency  # its parent
    assert ">Card-Breaking Operation</a>" in agency  # a campaign met in its articles
    campaign = client.get(DUANKA, **ENGLISH).content.decode()
    assert '<h1>Card-Breaking Operation <small lang="zh-Hans">“断卡”行动</small></h1>' in campaign
    assert ">Ministry of Public Security</a>" in campaign  # the lead agency


def test_chinese_pages_keep_the_chinese_names(client):
    make_article(title="断卡通报", body="公安部会同中国人民银行开展“断卡”行动。")
    for path in ("/agencies/", "/campaigns/", MPS, DUANKA, "/"):
        page = client.get(path).content.decode()
        assert "Ministry of Public Security" not in page and "Card-Breaking Operation" not in page, path
    assert "<h1>公安部</h1>" in client.get(MPS).content.decode()


def test_facets_and_the_apis_facet_labels_are_in_the_readers_language(client):
    make_article(title="断卡通报", body="公安部会同中国人民银行开展“断卡”行动。")
    chinese = client.get("/api/articles/").json()["facets"]
    english = client.get("/api/articles/", **ENGLISH).json()["facets"]
    assert client.get("/api/articles/").json()["facets"] == chinese  # the counts are cached for each language
    assert {"公安部", "中国人民银行"} <= {f["name"] for f in chinese["agency"]}
    assert {"Ministry of Public Security", "People's Bank of China"} <= {f["name"] for f in english["agency"]}
    assert [f["name"] for f in english["campaign"]] == ["Card-Breaking Operation"]
    assert sorted(f["slug"] for f in english["agency"]) == sorted(f["slug"] for f in chinese["agency"])
    page = client.get("/", **ENGLISH).content.decode()
    assert "People&#x27;s Bank of China" in page and "Card-Breaking Operation" in page


def test_the_admin_lists_the_english_names(admin_client):
    page = admin_client.get(reverse("admin:archive_agency_changelist"), {"q": "Public Security"}).content.decode()
    assert "Ministry of Public Security" in page and "公安部" in page
    page = admin_client.get(reverse("admin:archive_campaign_changelist")).content.decode()
    assert "Card-Breaking Operation" in page


def test_an_agency_without_an_english_name_keeps_its_chinese_name_in_english():
    agency = Agency.objects.create(name="某市公安局", slug="some-city-police")
    campaign = Campaign.objects.get(slug="duanka")
    with translation.override("en"):
        assert str(agency) == "某市公安局" and not agency.in_english
        assert str(campaign) == "Card-Breaking Operation" and campaign.in_english
    with translation.override("zh-hans"):
        assert str(campaign) == "断卡" and not campaign.in_english
