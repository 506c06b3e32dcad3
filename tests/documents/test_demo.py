"""The demo's policy documents (archive/fixtures/demo/documents.jsonl) import as documents whose
citations resolve: a State Council 意见, two provinces implementing it, a city and a county
implementing the first province's, and a notice that repeals an older provincial document."""

import pytest
from django.core.management import call_command

from archive.documents.diffusion import diffusion_of
from archive.documents.models import Document, Validity

pytestmark = pytest.mark.django_db

CENTRAL = "国办发〔2021〕46号"


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)
    return {d.number: d for d in Document.objects.select_related("article")}


def cited_numbers(document):
    return [c.cited.number if c.cited else None for c in document.citations.select_related("cited")]


def test_the_demo_documents_import_with_their_numbers(demo):
    assert set(demo) >= {
        "浙政办发〔2019〕30号",
        CENTRAL,
        "浙政办发〔2021〕71号",
        "苏政办发〔2021〕88号",
        "浙政办发〔2022〕5号",
        "杭政办函〔2022〕9号",
        "桐政办发〔2022〕15号",
    }
    assert demo[CENTRAL].doc_type == "意见" and demo["杭政办函〔2022〕9号"].doc_type == "通知"


def test_the_provinces_cite_the_central_document_by_number_and_by_title(demo):
    assert cited_numbers(demo["浙政办发〔2021〕71号"]) == [CENTRAL]
    assert cited_numbers(demo["苏政办发〔2021〕88号"]) == [CENTRAL]
    assert cited_numbers(demo["杭政办函〔2022〕9号"]) == ["浙政办发〔2021〕71号"]
    assert cited_numbers(demo["桐政办发〔2022〕15号"]) == ["浙政办发〔2021〕71号", "杭政办函〔2022〕9号"]


def test_the_repeal_notice_marks_the_old_document_repealed(demo):
    old = demo["浙政办发〔2019〕30号"]
    old.refresh_from_db()
    assert (old.validity, old.changed_by, old.needs_review) == (Validity.REPEALED, demo["浙政办发〔2022〕5号"], True)


def test_the_central_documents_diffusion_reaches_the_county(demo):
    reach = diffusion_of(demo[CENTRAL])
    assert [r.document.number for r in reach] == [
        "浙政办发〔2021〕71号",
        "苏政办发〔2021〕88号",
        "杭政办函〔2022〕9号",
        "桐政办发〔2022〕15号",
    ]
    assert [r.indirect for r in reach] == [False, False, True, True]


def test_loading_the_demo_again_changes_nothing(demo):
    call_command("load_demo", verbosity=0)
    assert Document.objects.count() == len(demo)
