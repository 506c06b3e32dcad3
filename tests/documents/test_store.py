"""Storing a document's record: issuers matched or suggested, citations resolved both ways, repeals
marked for review, and a curator's corrections kept through re-extraction."""

from datetime import date, timedelta

import pytest

from archive.curation import merge
from archive.documents import store
from archive.documents.models import Citation, Document, Validity
from archive.documents.read import DocumentRecord
from archive.documents.references import Reference
from archive.models import Agency
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def document(title, **record):
    article = make_article(title=title, body=f"{title}。\n\n正文。")
    return store.save_record(article, DocumentRecord(**record))


def test_issuers_keep_their_order_and_a_new_issuer_is_suggested_to_curators():
    doc = document("联合通知", number="公通字〔2020〕1号", issuers=["公安部", "某省网络安全厅", "中国人民银行"])
    assert doc.issuer_names == ["公安部", "某省网络安全厅", "中国人民银行"]
    new = Agency.objects.get(name="某省网络安全厅")
    assert new.status == Agency.Status.SUGGESTED and new.slug
    assert Agency.objects.get(name="公安部").status == Agency.Status.CONFIRMED
    assert not Agency.objects.confirmed().filter(name="某省网络安全厅").exists()


def test_a_citation_resolves_by_number_in_any_brackets_then_by_title():
    cited = document("国务院关于甲事项的通知", number="国发〔2019〕5号")
    titled = document("国务院关于乙事项的意见", number="国发〔2019〕6号")
    citing = document(
        "某省实施意见",
        number="某政发〔2020〕1号",
        references=[Reference("", "国发[2019]5号", "cites"), Reference("国务院关于乙事项的意见", "", "cites")],
    )
    assert [c.cited_id for c in citing.citations.all()] == [cited.pk, titled.pk]
    assert list(cited.cited_by.values_list("citing", flat=True)) == [citing.pk]


def test_a_citation_waits_for_its_target_and_is_resolved_when_it_arrives():
    citing = document(
        "某市通知", number="某发〔2021〕3号", references=[Reference("乙办法", "丙发〔2020〕9号", "cites")]
    )
    assert citing.citations.get().cited is None
    target = document("丙部门关于印发乙办法的通知", number="丙发（2020）9号")
    assert citing.citations.get().cited == target


def test_a_repeal_marks_its_target_repealed_by_it_and_queues_it_for_review():
    old = document("旧办法", number="丁发〔2010〕2号", validity="in_force")
    new = document("新办法", number="丁发〔2020〕2号", references=[Reference("旧办法", "丁发〔2010〕2号", "repeals")])
    old.refresh_from_db()
    assert (old.validity, old.changed_by, old.needs_review) == (Validity.REPEALED, new, True)
    assert list(Document.objects.needing_review()) == [old]


def test_a_repeal_that_arrives_before_its_target_applies_when_the_target_arrives():
    new = document("新规定", number="戊发〔2020〕1号", references=[Reference("", "戊发〔2015〕7号", "repeals")])
    old = document("旧规定", number="戊发〔2015〕7号", validity="in_force")
    old.refresh_from_db()
    assert (old.validity, old.changed_by_id) == (Validity.REPEALED, new.pk)


def test_a_curators_corrections_survive_re_extraction():
    doc = document("某部门通知", number="己发〔2020〕1号", issuers=["公安部"], doc_type="通知")
    doc.number, doc.doc_type, doc.curated = "己发〔2020〕11号", "意见", ["number", "doc_type", "issuers"]
    store.derive_keys(doc)
    doc.save()
    store.set_issuers(doc, ["中国人民银行"])
    store.save_record(doc.article, DocumentRecord(number="己发〔2020〕1号", issuers=["公安部"], doc_type="通知"))
    doc.refresh_from_db()
    assert (doc.number, doc.doc_type, doc.issuer_names) == ("己发〔2020〕11号", "意见", ["中国人民银行"])


def test_a_stated_expiry_in_the_past_makes_the_document_expired():
    doc = document("试行办法", number="庚发〔2015〕1号", validity="in_force", expires_on=date(2018, 1, 1))
    assert doc.validity == Validity.EXPIRED
    later = document("另一试行办法", number="庚发〔2025〕1号", expires_on=date.today() + timedelta(days=30))
    Document.objects.filter(pk=later.pk).update(expires_on=date.today() - timedelta(days=1))
    assert Document.objects.expire_due() == 1


def test_merging_a_suggested_issuer_into_an_agency_moves_its_documents():
    doc = document("某厅通知", number="辛发〔2020〕1号", issuers=["某省公安厅"])
    suggested = Agency.objects.get(name="某省公安厅")
    kept = Agency.objects.get(name="公安部")
    merge.merge(kept, suggested)
    assert doc.issuer_names == ["公安部"]
    assert store.agency_named("某省公安厅") == kept  # the merged name is now an alias


def test_news_has_no_record_and_a_record_read_away_goes_unless_curated():
    article = make_article(title="一则新闻", body="记者从公安部获悉,今年以来成效明显。")
    assert store.save_record(article, None) is None
    doc = document("壬通知", number="壬发〔2020〕1号")
    assert store.save_record(doc.article, None) is None
    assert not Document.objects.filter(pk=doc.pk).exists()
    kept = document("癸通知", number="癸发〔2020〕1号")
    kept.curated = ["number"]
    kept.save()
    assert store.save_record(kept.article, None) == kept
    assert Citation.objects.count() == 0


def test_a_title_does_not_resolve_to_a_document_written_after_the_citing_one():
    later = document("道路事故处理规定", number="公安部令第146号", written_date=date(2017, 7, 22))
    citing = document(
        "执勤规范",
        written_date=date(2008, 11, 15),
        references=[Reference("道路事故处理规定", "公安部令第104号", "cites")],
    )
    assert citing.citations.get().cited is None
    assert not later.cited_by.exists()
