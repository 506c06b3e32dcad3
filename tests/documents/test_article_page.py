"""The article page of a policy document: its record as gov.cn's 信息公开 table shows it, and its
citations both ways, linked."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.documents.references import Reference
from archive.models import Agency
from tests.factories import make_article

from .conftest import CENTRAL, JIANGSU, OLD, REPEAL, ZHEJIANG, policy

pytestmark = pytest.mark.django_db


def page(client, document):
    response = client.get(document.article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_record_shows_the_table_fields_with_the_issuers_linked_to_their_agency_pages(client, story):
    html = page(client, story["central"])
    for label in ("发文机关", "成文日期", "发文字号", "发布日期", "文种", "时效性"):
        assert f"<dt>{label}</dt>" in html
    assert "国办发〔2021〕8号" in html and "2021-03-01" in html and "现行有效" in html
    office = Agency.objects.get(name="国务院办公厅")
    assert f'<a href="{office.get_absolute_url()}">国务院办公厅</a>' in html
    assert reverse("document_diffusion", args=[story["central"].pk]) in html


def test_a_suggested_issuer_is_named_but_not_linked(client, db):
    document = policy("某厅关于乙事项的通知", date(2021, 1, 5), ["某省网络安全厅"], "某发〔2021〕1号")
    html = page(client, document)
    suggested = Agency.objects.get(name="某省网络安全厅")
    assert "某省网络安全厅" in html and suggested.get_absolute_url() not in html


def test_the_documents_citing_it_are_listed_linked_with_their_dates(client, story):
    html = page(client, story["central"])
    cited_by = html[html.index("被引用") :]
    for name, day in (("zhejiang", "2021-04-10"), ("jiangsu", "2021-05-01")):
        assert f'<a href="{story[name].get_absolute_url()}">' in cited_by and day in cited_by
    assert cited_by.index(ZHEJIANG) < cited_by.index(JIANGSU)  # by date
    assert story["hangzhou"].article.title not in cited_by  # it cites the province's, not this one


def test_a_cited_document_is_linked_when_archived_and_shown_by_its_number_otherwise(client, story):
    html = page(client, story["repeal"])
    cites = html[html.index("引用的文件") :]
    assert f'<a href="{story["old"].get_absolute_url()}">《{OLD}》</a>' in cites
    assert "《某部门关于尚未收录事项的通知》 某发〔2019〕7号" in cites and "未收录" in cites
    assert '<strong class="relation repeals">废止</strong>' in cites


def test_a_repealed_document_names_the_document_that_repealed_it(client, story):
    html = page(client, story["old"])
    validity = html[html.index("<dt>时效性</dt>") :]
    assert "已废止" in validity
    assert f'<a href="{story["repeal"].get_absolute_url()}">{REPEAL}</a>' in validity[:600]


def test_a_news_article_has_no_record_on_its_page(client, db):
    article = make_article(title="一则新闻", body="记者从公安部获悉,今年以来成效明显。")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<dt>发文字号</dt>" not in html and "document_diffusion" not in html and "/diffusion/" not in html


def test_the_record_and_its_citations_take_as_many_queries_however_many_there_are(client, story):
    central = story["central"]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page(client, central)
        return len(captured)

    few = queries()
    for n in range(4):
        cites = [Reference(CENTRAL, "", "cites")]
        policy(f"某市关于落实甲事项的第{n}号通知", central.written_date, ["浙江省人民政府"], references=cites)
    assert central.cited_by.count() == 6
    assert queries() == few
