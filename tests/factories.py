"""Articles made through the importer's own save path, so they are extracted and indexed like real ones."""

import hashlib
from datetime import date, datetime
from itertools import count

import factory

from archive.documents import store
from archive.documents.read import DocumentRecord
from archive.ingest.names import current_name_table
from archive.ingest.page import ParsedPage
from archive.ingest.save import save_page
from archive.models import SHANGHAI

_serial = count(1)


class PageFactory(factory.Factory):
    class Meta:
        model = ParsedPage

    title = factory.Sequence(lambda n: f"测试文章第{n}号")
    body = "公安部部署打击电信网络诈骗工作。"
    published_at = factory.LazyFunction(lambda: datetime(2021, 6, 1, 9, 0, tzinfo=SHANGHAI))
    source = "人民日报"
    url = factory.Sequence(lambda n: f"https://pages.test/{n}.html")
    site = "测试站点"


def make_article(**fields):
    page = PageFactory(**fields)
    raw = hashlib.sha256(f"{page.url}{next(_serial)}".encode()).hexdigest()
    return save_page(page, current_name_table(), raw)[1]


def make_document(title: str, written: date, issuers, number: str = "", references=(), **record):
    """A policy document: an article published on its 成文日期 and its record as the store saves it
    (DocumentRecord fields as keywords), without going through the reader."""
    published = datetime(written.year, written.month, written.day, 10, 0, tzinfo=SHANGHAI)
    article = make_article(title=title, body=f"{title}。\n\n各有关单位:\n\n正文从略。", published_at=published)
    record = DocumentRecord(
        number=number, issuers=list(issuers), written_date=written, references=list(references), **record
    )
    return store.save_record(article, record)
