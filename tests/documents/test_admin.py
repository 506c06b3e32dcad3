"""Curators in the Document admin: they correct the number, the issuers (inline) and the validity,
and re-extraction keeps their values; the 时效待复核 queue lists a repealed document until they
clear it; a suggested issuer is confirmed from the Agency admin."""

from datetime import date

import pytest
from django.urls import reverse

from archive.documents import store
from archive.documents.models import Document, Validity
from archive.documents.read import DocumentRecord
from archive.documents.references import Reference
from archive.models import Agency
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def change_form_data(response) -> dict:
    """What the change form would post as it stands: the document's fields and every inline's."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is not None and not field.disabled:
            data[form.add_prefix(name)] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if value is not None:
                    data[sub.add_prefix(name)] = value
    return {key: ("" if value is None else value) for key, value in data.items()}


def numbered_document(number="甲发〔2021〕1号", issuers=("公安部",)):
    article = make_article(title="甲部门关于乙事项的通知", body=f"{number}\n\n各有关单位:\n\n正文从略。")
    store.save_record(article, DocumentRecord(number=number, issuers=list(issuers), written_date=date(2021, 3, 1)))
    return Document.objects.get(pk=article.pk)


def test_a_curators_number_issuers_and_validity_survive_re_extraction(admin_client):
    document = numbered_document()
    url = reverse("admin:archive_document_change", args=[document.pk])
    data = change_form_data(admin_client.get(url))
    data.update({"number": "甲发〔2021〕11号", "validity": Validity.REPEALED})
    bank = Agency.objects.get(name="中国人民银行")
    rows = "issuer_rows"
    data[f"{rows}-0-agency"] = bank.pk  # the first issuer corrected
    data[f"{rows}-TOTAL_FORMS"] = 2
    data.update({f"{rows}-1-agency": Agency.objects.get(name="公安部").pk, f"{rows}-1-position": 1})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors

    document.refresh_from_db()
    assert (document.number, document.validity, document.issuer_names) == (
        "甲发〔2021〕11号",
        Validity.REPEALED,
        ["中国人民银行", "公安部"],
    )
    assert {"number", "validity", "issuers"} <= set(document.curated)

    document.article.reextract()  # the reader reads 甲发〔2021〕1号 again, and no validity
    document.refresh_from_db()
    assert (document.number, document.validity, document.issuer_names) == (
        "甲发〔2021〕11号",
        Validity.REPEALED,
        ["中国人民银行", "公安部"],
    )


def test_the_review_queue_lists_a_repealed_document_and_the_action_clears_it(admin_client):
    old = numbered_document("丙发〔2015〕2号")
    numbered_document("丙发〔2021〕9号")
    new = Document.objects.get(number="丙发〔2021〕9号")
    store.save_record(
        new.article, DocumentRecord(number=new.number, references=[Reference("", "丙发〔2015〕2号", "repeals")])
    )
    changelist = reverse("admin:archive_document_changelist")
    queue = admin_client.get(changelist, {"needs_review__exact": "1"})
    assert list(queue.context["cl"].result_list) == [old]

    admin_client.post(changelist, {"action": "mark_reviewed", "_selected_action": [old.pk]})
    old.refresh_from_db()
    assert not old.needs_review and old.validity == Validity.REPEALED
    assert list(admin_client.get(changelist, {"needs_review__exact": "1"}).context["cl"].result_list) == []


def test_a_suggested_issuer_is_confirmed_from_the_agency_admin(admin_client):
    numbered_document("丁发〔2021〕3号", issuers=("某省数据管理局",))
    suggested = Agency.objects.get(name="某省数据管理局")
    assert suggested.status == Agency.Status.SUGGESTED
    admin_client.post(
        reverse("admin:archive_agency_changelist"), {"action": "confirm", "_selected_action": [suggested.pk]}
    )
    suggested.refresh_from_db()
    assert suggested.status == Agency.Status.CONFIRMED
    assert Agency.objects.confirmed().filter(name="某省数据管理局").exists()
