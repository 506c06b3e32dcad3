"""What the archive does with its reference data (archive/fixtures: agencies, campaigns, sources)
and its demo corpus: the migration loads them, aliases resolve to their agency or campaign when text
is imported, successors and predecessors are one agency in the list filter, every campaign's written
form is recognised, every agency and campaign has an English name (given to an existing archive by
the migration too), load_reference is idempotent and load_demo imports every demo article.

Only two checks read the fixture files to guard what no behaviour shows: that the migration loaded
every row they hold, and that the demo bodies are our own sentences, not the seed's."""

import importlib
import json
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse

from archive.ingest.names import current_name_table
from archive.models import Agency, AgencyMention, Alias, Article, Campaign, CampaignMention, Copy, Source
from archive.reference import FIXTURES, read_fixture

from ..conftest import SEED, corpus_file
from ..factories import make_article
from .test_seed import SEED_AGENCIES

pytestmark = pytest.mark.django_db

DEMO = FIXTURES / "demo"


def demo_rows():
    """Every record of the demo's files: the news (articles.jsonl) and the policy documents (documents.jsonl)."""
    lines = (line for path in sorted(DEMO.glob("*.jsonl")) for line in path.read_text(encoding="utf-8").splitlines())
    return [json.loads(line) for line in lines if line.strip()]


def agencies_of(article):
    return {m.agency.name for m in AgencyMention.objects.active().filter(article=article).select_related("agency")}


def campaigns_of(article):
    return {
        m.campaign.name for m in CampaignMention.objects.active().filter(article=article).select_related("campaign")
    }


def api_ids(client, **params):
    data = client.get("/api/articles/", params).json()
    assert data["num_pages"] <= 1, data
    return {row["id"] for row in data["results"]}


# ---------------------------------------------------------------- the migration


def test_the_migration_loaded_every_row_of_the_fixtures():
    for model, fixture in ((Agency, "agencies.json"), (Campaign, "campaigns.json"), (Source, "sources.json")):
        rows = read_fixture(fixture)
        loaded = dict(model.objects.values_list("name", "slug"))
        assert {row["name"]: row["slug"] for row in rows}.items() <= loaded.items(), fixture
        for row in rows:
            owners = Alias.objects.filter(name__in=row.get("aliases", []))
            # Each alias belongs to this row: an alias given to two rows would be the last one's.
            assert {str(a.agency or a.campaign or a.source) for a in owners} <= {row["name"]}, (row["name"], owners)
            assert owners.count() == len(row.get("aliases", [])), row["name"]


def test_every_curated_agency_and_campaign_has_an_english_name_of_its_own():
    campaigns = Campaign.objects.filter(status=Campaign.Status.CONFIRMED)
    for entities in (Agency.objects.all(), campaigns):
        names = list(entities.values_list("name", "name_en"))
        assert [name for name, english in names if not english.strip()] == []
        english = [english.casefold() for _, english in names]
        assert len(set(english)) == len(english), "two share an English name"
    assert Agency.objects.get(name="公安部").name_en == "Ministry of Public Security"
    assert Agency.objects.get(name="最高人民检察院").name_en == "Supreme People's Procuratorate"
    assert Campaign.objects.get(name="断卡").name_en == "Card-Breaking Operation"


def test_the_migration_gives_an_existing_archive_its_english_names():
    """An archive from before 0006: no English names, and perhaps one a curator has since given."""
    migration = importlib.import_module("archive.migrations.0006_english_names")
    Agency.objects.update(name_en="")
    Campaign.objects.update(name_en="")
    Agency.objects.filter(name="国务院").update(name_en="The State Council")
    migration.english_names(django_apps, None)
    assert not Agency.objects.filter(name_en="").exists()
    assert not Campaign.objects.filter(status=Campaign.Status.CONFIRMED, name_en="").exists()
    assert Agency.objects.get(name="中国人民银行").name_en == "People's Bank of China"
    assert Agency.objects.get(name="国务院").name_en == "The State Council"  # kept


def test_key_agencies_have_their_kind_and_parent():
    by_name = {a.name: a for a in Agency.objects.select_related("parent")}
    assert by_name["国务院"].kind == "state_council"
    assert by_name["最高人民法院"].kind == "court" and by_name["最高人民检察院"].kind == "procuratorate"
    assert by_name["全国人大常委会法制工作委员会"].parent.name == "全国人民代表大会常务委员会"
    assert by_name["国家反诈中心"].parent.name == "公安部"
    for carrier in ("中国电信集团有限公司", "中国移动通信集团有限公司", "中国联合网络通信集团有限公司"):
        assert by_name[carrier].kind == "enterprise"
    assert by_name["中央网络安全和信息化委员会办公室"].note, "the 网信办 decision must be explained"


# ---------------------------------------------------------------- aliases resolve when text is imported


def test_an_imported_article_names_the_agency_and_campaign_behind_their_aliases(client):
    pboc = make_article(title="央行部署断卡检查", body="央行会同人民银行各分支机构开展“斷卡”行動。")
    other = make_article(title="教育部召开会议", body="教育部召开全国教育工作会议。")
    assert agencies_of(pboc) == {"中国人民银行"}
    assert AgencyMention.objects.get(article=pboc).count == 3  # 央行 in the title, 央行 and 人民银行 in the body
    assert campaigns_of(pboc) == {"断卡"}
    assert api_ids(client, agency="peoples-bank-of-china") == {pboc.pk}
    assert api_ids(client, campaign="duanka") == {pboc.pk}
    assert agencies_of(other) == {"教育部"}


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
def test_the_extractor_resolves_each_alias_to_its_agency(alias, canonical):
    found = current_name_table().extract(f"据悉，{alias}。").agencies
    assert set(found) == {canonical}, found


def test_every_alias_and_name_of_an_agency_resolves_to_it_and_not_to_its_parent():
    """国务院新闻办公室 is that office, not 国务院 as well: a mention is of the longest name at its place."""
    table = current_name_table()
    for agency in Agency.objects.prefetch_related("aliases"):
        for name in [agency.name, *(alias.name for alias in agency.aliases.all())]:
            found = table.extract(f"据悉，{name}。").agencies
            assert set(found) == {agency.name}, (name, found)


@pytest.mark.parametrize(
    "word", ["公安", "法院", "检察院", "国家", "政府", "央视", "中央", "联席会议", "统计局", "海警局", "统战部", "长城"]
)
def test_ambiguous_words_alone_name_no_agency_or_campaign(word):
    found = current_name_table().extract(f"这是{word}的事。")
    assert not found.agencies and not found.campaigns, (word, found)


# ---------------------------------------------------------------- successors and predecessors


def test_the_list_filter_with_predecessors_finds_the_regulators_before_the_nfra(client):
    cbrc = make_article(title="银监会通报", body="银监会通报银行业风险。")
    cbirc = make_article(title="银保监会通报", body="银保监会通报金融风险。")
    nfra = make_article(title="金融监管总局通报", body="国家金融监督管理总局通报金融风险。")
    make_article(title="证监会通报", body="证监会通报资本市场风险。")
    slug = Agency.objects.get(name="国家金融监督管理总局").slug
    assert api_ids(client, agency=slug) == {nfra.pk}
    assert api_ids(client, agency=slug, predecessors=1) == {cbrc.pk, cbirc.pk, nfra.pk}
    cbirc_slug = Agency.objects.get(name="中国银行保险监督管理委员会").slug
    assert api_ids(client, agency=cbirc_slug, predecessors=1) == {cbrc.pk, cbirc.pk}
    page = client.get("/", {"agency": slug, "predecessors": "1"})
    assert page.status_code == 200
    assert {a.pk for a in page.context["page_obj"]} == {cbrc.pk, cbirc.pk, nfra.pk}


def test_every_agency_is_among_its_successors_predecessors():
    succeeded = Agency.objects.filter(successor__isnull=False).select_related("successor")
    assert succeeded.exists()
    for agency in succeeded:
        assert agency in Agency.with_predecessors([agency.successor]), agency
        assert agency.valid_to, f"{agency} has a successor but no end date"
        assert not agency.successor.valid_from or agency.successor.valid_from <= agency.valid_to, agency


# ---------------------------------------------------------------- campaigns


def test_every_campaigns_written_form_and_phase_is_recognised():
    table = current_name_table()
    campaigns = Campaign.objects.filter(status=Campaign.Status.CONFIRMED).prefetch_related("aliases")
    assert campaigns.count() >= 20
    for campaign in campaigns:
        assert campaign.written_form, campaign
        assert campaign.name in table.extract(campaign.written_form).campaigns, campaign.written_form
        for alias in campaign.aliases.all():
            text = f"公安部部署“{alias.name}”专项行动。"
            assert set(table.extract(text).campaigns) == {campaign.name}, (alias.name, alias.kind)


def test_a_yearly_phase_imports_as_its_campaign(client):
    article = make_article(title="云剑行动成果", body="公安部通报“云剑-2021”行动和“净网2021”专项行动成果。")
    assert campaigns_of(article) == {"云剑", "净网"}
    assert api_ids(client, campaign=Campaign.objects.get(name="云剑").slug) == {article.pk}


# ---------------------------------------------------------------- every slug makes a page


def test_every_agency_campaign_and_source_slug_makes_a_page_that_answers(client):
    for agency in Agency.objects.all():
        assert client.get(reverse("agency_detail", args=[agency.slug])).status_code == 200, agency.slug
    for campaign in Campaign.objects.all():
        assert client.get(reverse("campaign_detail", args=[campaign.slug])).status_code == 200, campaign.slug
    for source in Source.objects.all():
        response = client.get("/api/articles/", {"source": source.slug})
        assert response.status_code == 200, (source.slug, response.content)


# ---------------------------------------------------------------- load_reference


def snapshot():
    return (
        sorted(
            Agency.objects.values_list("name", "name_en", "slug", "kind", "parent__name", "successor__name", "valid_to")
        ),
        sorted(Campaign.objects.values_list("name", "name_en", "slug", "status", "quoted_only", "written_form")),
        sorted(Source.objects.values_list("name", "slug", "kind")),
        sorted(Alias.objects.values_list("name", "kind", "agency__name", "campaign__name", "source__name")),
        sorted(Campaign.lead_agencies.through.objects.values_list("campaign__name", "agency__name")),
    )


def test_load_reference_gives_back_the_english_names():
    Agency.objects.filter(slug="peoples-bank-of-china").update(name_en="")
    Campaign.objects.filter(slug="duanka").update(name_en="")
    call_command("load_reference", stdout=StringIO())
    assert Agency.objects.get(slug="peoples-bank-of-china").name_en == "People's Bank of China"
    assert Campaign.objects.get(slug="duanka").name_en == "Card-Breaking Operation"


def test_load_reference_twice_changes_nothing():
    before = snapshot()
    for _ in range(2):
        out = StringIO()
        call_command("load_reference", stdout=out)
        assert snapshot() == before
    counts = {key: len(read_fixture(f"{key}.json")) for key in ("agencies", "campaigns", "sources")}
    assert ", ".join(f"{n} {k}" for k, n in counts.items()) in out.getvalue()


# ---------------------------------------------------------------- the demo corpus


def test_the_demo_corpus_imports_without_rejection_dated_and_attributed(client):
    rows = demo_rows()
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    assert "rejected" not in out.getvalue(), out.getvalue()
    assert set(Copy.objects.values_list("url", flat=True)) == {row["url"] for row in rows}
    articles = Article.objects.published()
    assert articles.count() >= 40
    assert not articles.filter(published_at=None).exists()
    assert set(articles.values_list("year", flat=True)) == {2019, 2020, 2021, 2022, 2023, 2024}
    assert not articles.filter(source=None).exists()
    assert not articles.exclude(pk__in=AgencyMention.objects.active().values("article")).exists()
    # A reprint (the same text on two sites) is one article with two copies.
    assert Copy.objects.count() > articles.count()

    named = set(AgencyMention.objects.active().values_list("agency__name", flat=True))
    expected = SEED_AGENCIES | {
        "国家反诈中心",
        "中国电信集团有限公司",
        "中国移动通信集团有限公司",
        "中国联合网络通信集团有限公司",
    }
    assert expected <= named, expected - named
    campaigns = set(CampaignMention.objects.active().values_list("campaign__name", flat=True))
    assert {"断卡", "长城", "云剑", "净网", "清朗", "昆仑", "猎狐", "天网"} <= campaigns
    duanka_years = set(articles.filter(campaign_mentions__campaign__name="断卡").values_list("year", flat=True))
    assert {2020, 2021, 2022, 2023} <= duanka_years
    assert client.get("/api/articles/", {"q": "电信网络诈骗"}).json()["count"] >= 5


# ---------------------------------------------------------------- the demo is our own text


def _mask_names(text, names):
    """Cut a text at long proper names: names are facts, not running text, so a run may not span one."""
    for name in names:
        text = text.replace(name, "\x00")
    return "".join(text.split())


def test_demo_bodies_do_not_copy_the_seed():
    run = 20
    names = set(Agency.objects.values_list("name", flat=True)) | set(Campaign.objects.values_list("name", flat=True))
    names |= set(Source.objects.values_list("name", flat=True)) | set(Alias.objects.values_list("name", flat=True))
    names = sorted((n for n in names if len(n) >= 8), key=len, reverse=True)
    corpus_file()
    seeds = [SEED] if SEED.is_file() else sorted(SEED.parent.glob("*.txt"))
    assert seeds, f"no seed text in {SEED.parent}"
    grams = set()
    for path in seeds:
        flat = _mask_names(path.read_text(encoding="utf-8", errors="replace"), names)
        grams.update(flat[i : i + run] for i in range(len(flat) - run + 1))
    grams = {g for g in grams if "\x00" not in g}
    for row in demo_rows():
        flat = _mask_names(row["body"], names)
        copied = [flat[i : i + run] for i in range(len(flat) - run + 1) if flat[i : i + run] in grams]
        assert not copied, (row["url"], copied[:3])
