"""A policy document's record in the API's results and the exports: its number (brackets written
〔〕), issuers in order, dates, 文种, validity and citations both ways; empty for a news article;
read in a fixed number of queries whatever the page holds."""

import csv
import json
from datetime import date
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.documents.read import DocumentRecord
from archive.documents.references import Reference
from archive.documents.store import save_record

from ..factories import make_article

pytestmark = pytest.mark.django_db


def document(title, **record):
    article = make_article(title=title, body=f"{title}。\n\n正文。")
    save_record(article, DocumentRecord(**record))
    return article


@pytest.fixture
def cited_and_citing():
    cited = document(
        "国务院办公厅关于甲事项的意见",
        number="国办发（2019）4号",
        issuers=["国务院办公厅"],
        written_date=date(2019, 1, 30),
        doc_type="意见",
        validity="in_force",
    )
    citing = document(
        "某省人民政府办公厅关于贯彻甲事项的实施意见",
        number="某政办发〔2019〕12号",
        issuers=["某省人民政府办公厅", "公安部"],
        written_date=date(2019, 3, 1),
        effective_date=date(2019, 4, 1),
        doc_type="意见",
        references=[Reference("", "国办发[2019]4号", "cites"), Reference("尚未存档的办法", "乙发〔2018〕2号", "cites")],
    )
    news = make_article(title="公安部召开会议", body="公安部召开会议。")
    return cited, citing, news


def results(client, **params):
    return {r["id"]: r for r in client.get("/api/articles/", params).json()["results"]}


def test_a_document_carries_its_record_and_citations_both_ways(client, cited_and_citing):
    cited, citing, _ = cited_and_citing
    found = results(client)
    assert {key: found[citing.pk][key] for key in ("document_number", "issuers", "written_date", "effective_date")} == {
        "document_number": "某政办发〔2019〕12号",
        "issuers": ["某省人民政府办公厅", "公安部"],
        "written_date": "2019-03-01",
        "effective_date": "2019-04-01",
    }
    assert (found[citing.pk]["doc_type"], found[citing.pk]["validity"]) == ("意见", "unknown")
    assert found[citing.pk]["cites"] == [
        {"document_number": "国办发〔2019〕4号", "title": "国务院办公厅关于甲事项的意见", "id": cited.pk},
        {"document_number": "乙发〔2018〕2号", "title": "尚未存档的办法", "id": None},
    ]
    assert found[cited.pk]["document_number"] == "国办发〔2019〕4号"  # brackets written 〔〕
    assert (found[cited.pk]["cited_by"], found[cited.pk]["cites"]) == ([citing.pk], [])
    assert found[cited.pk]["validity"] == "in_force"


def test_a_news_article_has_the_record_fields_empty(client, cited_and_citing):
    news = results(client)[cited_and_citing[2].pk]
    single = ("document_number", "written_date", "effective_date", "doc_type", "validity")
    assert {key: news[key] for key in single} == dict.fromkeys(single)
    assert (news["issuers"], news["cites"], news["cited_by"]) == ([], [], [])


def test_the_exports_carry_the_same_record(client, cited_and_citing):
    cited, citing, _ = cited_and_citing
    lines = b"".join(client.get("/export.jsonl").streaming_content).decode().splitlines()
    records = {r["id"]: r for r in map(json.loads, lines)}
    api = results(client)
    for pk in (cited.pk, citing.pk):
        assert {k: records[pk][k] for k in ("document_number", "issuers", "cites", "cited_by")} == {
            k: api[pk][k] for k in ("document_number", "issuers", "cites", "cited_by")
        }
    rows = list(csv.DictReader(StringIO(b"".join(client.get("/export.csv").streaming_content).decode("utf-8-sig"))))
    row = next(r for r in rows if r["id"] == str(citing.pk))
    assert row["issuers"] == "某省人民政府办公厅; 公安部" and row["written_date"] == "2019-03-01"
    assert json.loads(row["cites"])[0]["id"] == cited.pk
    assert next(r for r in rows if r["id"] == str(cited.pk))["cited_by"] == str(citing.pk)


def test_the_record_is_read_in_a_fixed_number_of_queries(client, cited_and_citing):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/articles/").status_code == 200
        return len(captured)

    few = queries()
    for n in range(6):
        document(
            f"某市关于第{n}事项的通知",
            number=f"某市发〔2020〕{n + 1}号",
            issuers=["某市人民政府", "公安部"],
            references=[Reference("", "国办发〔2019〕4号", "cites"), Reference("", "某政办发〔2019〕12号", "cites")],
        )
    assert queries() == few
