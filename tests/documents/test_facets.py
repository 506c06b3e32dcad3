"""Facets for a policy document's issuers (发文机关), 文种 and validity: on the list page only when
documents exist, on the API and in the exports, each counted under every filter but its own, and a
malformed value a plain error, never a 500."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.documents.read import DocumentRecord
from archive.documents.store import save_record
from archive.models import Agency

from ..factories import make_article

pytestmark = pytest.mark.django_db


def document(title, **record):
    article = make_article(title=title, body=f"{title}。\n\n正文。")
    save_record(article, DocumentRecord(**record))
    return article


@pytest.fixture
def archive_with_documents():
    """Three documents and a news article that mentions an issuer but issues nothing."""
    return {
        "joint": document(
            "关于联合打击的通知", number="公通字〔2020〕1号", issuers=["公安部", "中国人民银行"], doc_type="通知",
            validity="in_force",
        ),
        "bank": document("人民银行关于某事的意见", number="银发〔2021〕2号", issuers=["中国人民银行"], doc_type="意见",
                         validity="repealed"),
        "province": document("某省公安厅实施办法", number="某公发〔2022〕3号", issuers=["某省公安厅"], doc_type="办法"),
        "news": make_article(title="人民银行召开会议", body="中国人民银行召开会议,部署工作。"),
    }  # fmt: skip


def facets(client, **params):
    data = client.get("/api/articles/", params).json()
    return {name: {f["slug"]: f["count"] for f in items} for name, items in data["facets"].items()}, data


def test_an_issuer_is_not_an_agency_the_text_merely_mentions(client, archive_with_documents):
    counts, data = facets(client, issuer="peoples-bank-of-china")
    assert {r["title"] for r in data["results"]} == {"关于联合打击的通知", "人民银行关于某事的意见"}
    assert "peoples-bank-of-china" in counts["agency"]  # mentioned by the news article too
    # the issuer facet is counted without its own filter: either agency may be added
    assert counts["issuer"] == {
        "peoples-bank-of-china": 2,
        "ministry-of-public-security": 1,
        "mou-sheng-gong-an-ting": 1,
    }


def test_two_issuers_chosen_mean_either(client, archive_with_documents):
    _, data = facets(client, issuer=["ministry-of-public-security", "mou-sheng-gong-an-ting"])
    assert {r["title"] for r in data["results"]} == {"关于联合打击的通知", "某省公安厅实施办法"}


def test_doc_type_and_validity_narrow_and_count_under_the_other_filters(client, archive_with_documents):
    counts, data = facets(client, doc_type="通知")
    assert [r["title"] for r in data["results"]] == ["关于联合打击的通知"]
    assert counts["doc_type"] == {"通知": 1, "意见": 1, "办法": 1}
    assert counts["validity"] == {"in_force": 1}
    counts, data = facets(client, validity=["repealed", "unknown"])
    assert {r["title"] for r in data["results"]} == {"人民银行关于某事的意见", "某省公安厅实施办法"}
    assert counts["validity"] == {"in_force": 1, "repealed": 1, "unknown": 1}  # news has no validity
    assert counts["doc_type"] == {"意见": 1, "办法": 1}


def test_the_facet_labels_are_the_validity_in_words(client, archive_with_documents):
    names = {f["slug"]: f["name"] for f in client.get("/api/articles/").json()["facets"]["validity"]}
    assert names == {"in_force": "现行有效", "repealed": "已废止", "unknown": "未知"}
    english = client.get("/api/articles/", HTTP_ACCEPT_LANGUAGE="en").json()["facets"]["validity"]
    assert {f["slug"] for f in english} == set(names)


def test_the_list_page_shows_the_document_facets_only_when_documents_exist(client):
    make_article(title="人民银行召开会议", body="中国人民银行召开会议,部署工作。")
    page = client.get("/").content.decode()
    assert "发文机关" not in page and "时效性" not in page and "?doc_type=" not in page
    document("关于联合打击的通知", number="公通字〔2020〕1号", issuers=["公安部"], doc_type="通知", validity="in_force")
    page = client.get("/").content.decode()
    assert "<h2>发文机关</h2>" in page and "<h2>文种</h2>" in page and "<h2>时效性</h2>" in page
    assert "?issuer=ministry-of-public-security" in page and "?validity=in_force" in page
    assert "现行有效" in page
    chosen = client.get("/", {"doc_type": "通知"})
    assert [a.title for a in chosen.context["page_obj"]] == ["关于联合打击的通知"]


@pytest.mark.parametrize(
    "params", [{"validity": "valid"}, {"doc_type": "报纸"}, {"issuer": "no-such-agency"}, {"doc_type": "\x00"}]
)
def test_a_malformed_facet_value_is_a_plain_error_never_a_500(client, archive_with_documents, params):
    (name,) = params
    api = client.get("/api/articles/", params)
    assert api.status_code == 400 and name in api.json()["errors"]
    assert client.get("/", params).status_code == 200
    assert client.get("/export.csv", params).status_code == 400


def test_a_doc_type_a_curator_wrote_is_a_choice(client, archive_with_documents):
    document("某项规程", number="某发〔2020〕9号", issuers=["公安部"], doc_type="守则")
    _, data = facets(client, doc_type="守则")
    assert [r["title"] for r in data["results"]] == ["某项规程"]


def export(*args):
    out = StringIO()
    call_command("export_articles", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_export_articles_takes_the_document_facets(archive_with_documents):
    assert {r["title"] for r in export("--issuer", "peoples-bank-of-china", "--validity", "repealed")} == {
        "人民银行关于某事的意见"
    }
    assert [r["title"] for r in export("--doc-type", "办法")] == ["某省公安厅实施办法"]
    with pytest.raises(CommandError, match="--validity"):
        export("--validity", "valid")


def test_feed_and_csv_follow_the_same_filters(client, archive_with_documents):
    csv = client.get("/export.csv", {"issuer": "mou-sheng-gong-an-ting"})
    body = b"".join(csv.streaming_content).decode()
    assert "某省公安厅实施办法" in body and "关于联合打击的通知" not in body
    feed = client.get("/feed.atom", {"doc_type": "意见"}).content.decode()
    assert "人民银行关于某事的意见" in feed and "关于联合打击的通知" not in feed
    assert Agency.objects.get(slug="mou-sheng-gong-an-ting").status == Agency.Status.SUGGESTED
