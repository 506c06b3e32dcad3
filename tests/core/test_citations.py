"""Citations of the seed article in each style, the files for reference managers, and a permalink
that survives re-import."""

import json
from datetime import date

import pytest

from archive.citations import Citable, bibtex, chicago, gbt7714, ris
from archive.models import Article

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
    assert "  author = {张天培}," in bib and "  journaltitle = {人民日报}," in bib and "  date = {2021-04-10}," in bib
    assert bib.count("{") == bib.count("}")
    lines = ris(cited(seed)).split("\r\n")
    assert lines[0] == "TY  - NEWS" and "AU  - 张天培" in lines and "DA  - 2021/04/10" in lines
    assert "T2  - 人民日报" in lines and lines[-2] == "ER  - "


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
