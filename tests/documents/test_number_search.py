"""A search for a document number, in any of its written forms, puts that document first on the
list page and in the API (found even when its words would not match), the other matches after it."""

from datetime import datetime

import pytest

from archive.documents.models import Document
from archive.documents.read import DocumentRecord
from archive.documents.store import save_record
from archive.models import SHANGHAI

from ..factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def numbered_and_mentions():
    """The document (its text never writes its number) and two later articles that do write it."""
    target = make_article(
        title="国务院办公厅关于加强某项工作的意见",
        body="各省、自治区、直辖市人民政府:\n\n为加强某项工作,提出以下意见。",
        published_at=datetime(2021, 12, 1, tzinfo=SHANGHAI),
    )
    save_record(target, DocumentRecord(number="国办发〔2021〕84号", issuers=["国务院办公厅"], doc_type="意见"))
    later = [
        make_article(
            title=f"某地贯彻落实情况第{n}期",
            body="某地认真贯彻国办发〔2021〕84号文件精神。",
            published_at=datetime(2022, 1 + n, 1, tzinfo=SHANGHAI),
        )
        for n in range(2)
    ]
    Document.objects.filter(article__in=later).delete()  # news that writes the number, whatever a reader says
    other = make_article(title="另一份文件", body="国办发〔2020〕5号。")
    save_record(other, DocumentRecord(number="国办发〔2020〕5号"))
    return target, later


WRITTEN = ["国办发[2021]84号", "国办发（2021）84号", "国办发〔2021〕第84号", "国办发(2021)84号"]


@pytest.mark.parametrize("written", WRITTEN)
def test_any_written_form_of_the_number_puts_the_document_first(client, numbered_and_mentions, written):
    target, later = numbered_and_mentions
    ids = [r["id"] for r in client.get("/api/articles/", {"q": written}).json()["results"]]
    assert ids[0] == target.pk
    page = client.get("/", {"q": written})
    assert [a.pk for a in page.context["page_obj"]][0] == target.pk


def test_the_other_matches_follow_as_usual(client, numbered_and_mentions):
    target, later = numbered_and_mentions
    ids = [r["id"] for r in client.get("/api/articles/", {"q": "国办发〔2021〕84号"}).json()["results"]]
    assert ids == [target.pk, later[1].pk, later[0].pk]  # then newest first, as for any query
    oldest = client.get("/api/articles/", {"q": "国办发〔2021〕84号", "sort": "oldest"}).json()["results"]
    oldest = [r["id"] for r in oldest]
    assert oldest == [target.pk, later[0].pk, later[1].pk]


def test_the_other_filters_still_apply_to_the_document(client, numbered_and_mentions):
    target, later = numbered_and_mentions
    ids = [r["id"] for r in client.get("/api/articles/", {"q": "国办发[2021]84号", "year": "2022"}).json()["results"]]
    assert target.pk not in ids and set(ids) == {a.pk for a in later}


def test_a_query_that_is_not_a_number_is_searched_as_words(client, numbered_and_mentions):
    target, _ = numbered_and_mentions
    ids = [r["id"] for r in client.get("/api/articles/", {"q": "国办发 84号 加强"}).json()["results"]]
    assert target.pk not in ids
    assert client.get("/api/articles/", {"q": "国办发〔2019〕84号"}).json()["count"] == 0
