"""Articles made through the importer's own save path, so they are extracted and indexed like real ones."""

import hashlib
from datetime import datetime
from itertools import count

import factory

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
