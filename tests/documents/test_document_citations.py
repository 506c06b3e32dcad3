"""A policy document cited as a government document: GB/T 7714 with its issuers and its number
([A/OL]), BibTeX with number and institution (read by bibtexparser and pybtex), RIS GOVDOC with the
number in M1 and each issuer an author (read by rispy); the files the article page offers."""

from datetime import date, datetime

import bibtexparser
import pytest
import rispy
from pybtex.database import parse_string
from pybtex.style.formatting.plain import Style

from archive.citations import Citable, bibtex, chicago, gbt7714, ris
from archive.documents.read import DocumentRecord
from archive.documents.store import save_record
from archive.models import SHANGHAI

from ..factories import make_article

PERMALINK = "http://testserver/articles/7/"
TITLE = "国务院办公厅关于某项工作的意见"
PUBLISHED = datetime(2019, 2, 15, 9, 0, tzinfo=SHANGHAI)


def document(**fields):
    base = {
        "number": "国办发〔2019〕4号",
        "issuers": ("国务院办公厅",),
        "written": date(2019, 1, 30),
        "doc_type": "意见",
    }
    return Citable(7, TITLE, "", "中国政府网", False, PUBLISHED, PERMALINK, date(2026, 11, 28), **{**base, **fields})


JOINT = ("公安部", "中国人民银行", "工业和信息化部", "最高人民法院")


def test_gbt7714_cites_the_issuer_the_number_and_the_date_written():
    assert gbt7714(document()) == (
        f"国务院办公厅. {TITLE}: 国办发〔2019〕4号[A/OL]. (2019-01-30)[2026-11-28]. {PERMALINK}."
    )


def test_gbt7714_names_three_issuers_then_et_al_and_falls_back_to_the_publication_date():
    cited = gbt7714(document(issuers=JOINT, written=None))
    assert cited.startswith("公安部, 中国人民银行, 工业和信息化部, 等. ")
    assert "[A/OL]. (2019-02-15)[2026-11-28]." in cited


def test_chicago_names_the_issuers_and_the_number():
    assert chicago(document(issuers=JOINT[:2])) == (
        f"公安部, 中国人民银行. “{TITLE}.” 国办发〔2019〕4号, January 30, 2019. {PERMALINK}."
    )


@pytest.mark.parametrize("fields", [{}, {"issuers": JOINT}, {"issuers": (), "written": None}, {"doc_type": ""}])
def test_bibtex_carries_the_number_and_the_issuers_and_classic_tools_read_it(fields):
    c = document(**fields)
    bib = bibtex(c)
    (entry,) = bibtexparser.loads(bib).entries
    assert entry["number"] == "国办发〔2019〕4号" and entry["title"] == TITLE
    if c.issuers:
        assert entry["ENTRYTYPE"] == "techreport"
        assert entry["author"] == entry["institution"] == " and ".join(f"{{{name}}}" for name in c.issuers)
    else:
        assert entry["ENTRYTYPE"] == "misc" and "author" not in entry
    # pybtex's plain style raises FieldIsMissing for a field the entry type requires.
    (formatted,) = Style().format_entries(parse_string(bib, "bibtex").entries.values())
    text = formatted.text.render_as("text")
    assert "国办发〔2019〕4号" in text and all(name in text for name in c.issuers[:1])
    assert bib.count("{") == bib.count("}")


def test_ris_is_a_government_document_with_its_number_and_issuers():
    (entry,) = rispy.loads(ris(document(issuers=JOINT)))
    assert entry["type_of_reference"] == "GOVDOC"
    assert entry["authors"] == list(JOINT) and entry["title"] == TITLE
    assert entry["note"] == "国办发〔2019〕4号"  # rispy's name for M1
    assert entry["date"] == "2019/01/30" and entry["urls"] == [PERMALINK]


def test_a_news_article_is_cited_as_before():
    news = Citable(8, "公安部通报", "", "公安部网站", False, PUBLISHED, PERMALINK, date(2026, 11, 28))
    assert "[EB/OL]" in gbt7714(news) and ris(news).startswith("TY  - ELEC")


@pytest.mark.django_db
def test_the_article_page_and_files_cite_the_document(client):
    article = make_article(title=TITLE, body="各省人民政府:\n\n提出以下意见。", published_at=PUBLISHED)
    record = DocumentRecord(number="国办发〔2019〕4号", issuers=["国务院办公厅"], written_date=date(2019, 1, 30))
    save_record(article, record)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"国务院办公厅. {TITLE}: 国办发〔2019〕4号[A/OL]. (2019-01-30)" in page
    assert client.get(f"/articles/{article.pk}/cite.ris").content.decode().startswith("TY  - GOVDOC")
    bib = client.get(f"/articles/{article.pk}/cite.bib").content.decode()
    assert bib.startswith("@techreport{") and "number = {国办发〔2019〕4号}" in bib
