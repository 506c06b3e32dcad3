"""Citations of the seed article in each style, the files for reference managers, and a permalink
that survives re-import."""

import json
from datetime import date, datetime

import bibtexparser
import pytest
import rispy
from pybtex.database import parse_string
from pybtex.style.formatting.plain import Style

from archive.citations import Citable, bibtex, chicago, gbt7714, ris
from archive.models import SHANGHAI, Article

from ..conftest import SEED

pytestmark = pytest.mark.django_db
PERMALINK = "http://testserver/articles/{}/"


@pytest.fixture
def seed(corpus, run_import):
    assert run_import(SEED).code == 0
    return Article.objects.get()


def cited(article):
    return Citable.of(article, PERMALINK.format(article.pk), accessed=date(2026, 11, 28))


def test_gbt7714_cites_the_seed_as_a_newspaper_article(seed):
    assert gbt7714(cited(seed)) == (
        "张天培. 我国打击电信网络诈骗犯罪成效显著 2020年为群众挽回经济损失1870余亿元[N]. 人民日报, 2021-04-10."
    )


def test_gbt7714_cites_an_online_text_with_its_dates_and_address(seed):
    seed.source.kind = seed.source.Kind.WEBSITE
    citation = gbt7714(cited(seed))
    assert citation.endswith(f"[EB/OL]. 人民日报, (2021-04-10)[2026-11-28]. {PERMALINK.format(seed.pk)}.")


def test_chicago(seed):
    assert chicago(cited(seed)) == (
        "张天培. “我国打击电信网络诈骗犯罪成效显著 2020年为群众挽回经济损失1870余亿元.” 人民日报, April 10, 2021. "
        f"{PERMALINK.format(seed.pk)}."
    )


def test_bibtex_and_ris(seed):
    bib = bibtex(cited(seed))
    assert bib.startswith(f"@article{{archive{seed.pk},\n")
    assert "  author = {张天培}," in bib and "  date = {2021-04-10}," in bib
    assert "  journal = {人民日报}," in bib and "  journaltitle = {人民日报}," in bib  # BibTeX's and biblatex's
    assert bib.count("{") == bib.count("}")
    lines = ris(cited(seed)).split("\r\n")
    assert lines[0] == "TY  - NEWS" and "AU  - 张天培" in lines and "DA  - 2021/04/10" in lines
    assert "T2  - 人民日报" in lines and lines[-2] == "ER  - "


APRIL_10 = datetime(2021, 4, 10, 8, 0, tzinfo=SHANGHAI)


def citable(pk, title, author, source, newspaper, published=APRIL_10):
    return Citable(pk, title, author, source, newspaper, published, PERMALINK.format(pk), date(2026, 11, 28))


KINDS = {
    "signed newspaper article": citable(1, "打击治理电信网络诈骗", "张天培", "人民日报", True),
    "unsigned newspaper article": citable(2, "断卡行动通报", "", "人民日报", True),
    "web page": citable(3, "公安部通报", "", "公安部网站", False),
    "signed web page": citable(4, "答记者问", "李四", "公安部网站", False),
    "undated newspaper article": citable(5, "通报", "王五", "人民日报", True, published=None),
    "bare": citable(6, "标题", "", "", False, published=None),
}


@pytest.mark.parametrize("kind", KINDS)
def test_classic_bibtex_tools_read_every_kind_of_entry(kind):
    c = KINDS[kind]
    bib = bibtex(c)
    # bibtexparser 1.x drops entries of types BibTeX does not know (such as biblatex's @online).
    (entry,) = bibtexparser.loads(bib).entries
    assert entry["ENTRYTYPE"] in {"article", "misc"} and entry["title"] == c.title and entry["url"] == c.permalink
    # pybtex's plain style raises FieldIsMissing for a field its entry type requires (in strict mode, the default).
    (formatted,) = Style().format_entries(parse_string(bib, "bibtex").entries.values())
    text = formatted.text.render_as("text")
    assert c.title in text and c.permalink in text and (c.source or "") in text
    if c.published:
        assert "April 2021" in text  # the month macro, as BibTeX's styles print it


def test_bibtex_is_an_article_only_with_what_bibtex_requires_of_one():
    kinds = {kind: bibtexparser.loads(bibtex(c)).entries[0] for kind, c in KINDS.items()}
    assert kinds["signed newspaper article"]["ENTRYTYPE"] == "article"
    assert kinds["signed newspaper article"]["journal"] == "人民日报"
    for kind in ("unsigned newspaper article", "web page", "signed web page", "undated newspaper article"):
        assert kinds[kind]["ENTRYTYPE"] == "misc", kind
        assert kinds[kind]["howpublished"] == KINDS[kind].source, kind
    assert kinds["signed web page"]["author"] == "李四"
    assert kinds["web page"]["urldate"] == "2026-11-28" and kinds["web page"]["date"] == "2021-04-10"


@pytest.mark.parametrize("kind", KINDS)
def test_ris_reads_in_rispy(kind):
    c = KINDS[kind]
    (entry,) = rispy.loads(ris(c))
    assert entry["type_of_reference"] == ("NEWS" if c.newspaper else "ELEC")
    assert entry["title"] == c.title and entry["urls"] == [c.permalink] and entry["access_date"] == "2026/11/28"
    assert entry.get("authors", []) == ([c.author] if c.author else [])
    if c.source:
        assert entry["secondary_title" if c.newspaper else "publisher"] == c.source
    if c.published:
        assert entry["year"] == "2021" and entry["date"] == "2021/04/10"


def test_bibtex_escapes_what_latex_would_read():
    c = Citable(1, "100% {完成} & 50$_#", "", "", False, None, "http://x/", date(2026, 1, 1))
    assert "title = {100\\% \\{完成\\} \\& 50\\$\\_\\#}" in bibtex(c)


def test_the_article_page_offers_every_style_and_the_files(client, seed):
    page = client.get(seed.get_absolute_url()).content.decode()
    for label in ("GB/T 7714-2015", "Chicago", "BibTeX", "[N]. 人民日报, 2021-04-10."):
        assert label in page
    response = client.get(f"/articles/{seed.pk}/cite.ris")
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert response.content.decode().startswith("TY  - NEWS")
    assert client.get(f"/articles/{seed.pk}/cite.bib").content.decode().startswith("@article{")
    assert client.get(f"/articles/{seed.pk}/cite.docx").status_code == 404


def test_the_permalink_survives_reimport(seed, run_import, tmp_path):
    permalink = seed.get_absolute_url()
    assert "unchanged" in run_import(SEED).output
    assert Article.objects.get().get_absolute_url() == permalink
    # A page with an address that was edited since: the same article, at the same permalink.
    record = {"title": "通报", "body": "公安部通报进展。", "date": "2021-05-01", "url": "https://gov.example/a.html"}
    path = tmp_path / "page.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    run_import(path)
    article = Article.objects.get(copies__url=record["url"])
    path.write_text(json.dumps({**record, "body": "公安部再次通报进展。"}, ensure_ascii=False), encoding="utf-8")
    assert "updated" in run_import(path).output
    assert Article.objects.get(copies__url=record["url"]).get_absolute_url() == article.get_absolute_url()
