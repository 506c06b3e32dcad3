"""Fixtures shared by more than one module of tests/core."""

from datetime import datetime

import pytest

from archive.documents.read import DocumentRecord
from archive.documents.references import Reference
from archive.documents.store import save_record
from archive.figures.models import MetricVariant
from archive.models import SHANGHAI, Article

from ..factories import make_article

SERIES = "破获电信网络诈骗案件"


@pytest.fixture
def five_articles_of_every_kind():
    """Five articles through the importer's save path: agencies, campaigns, a source, figures (and a linked
    wording), a reprint, an undated and a 1999 article, two policy documents (one repealing the other).
    tests/core/test_no_server_errors.py fuzzes every page over them; tests/core/test_security.py checks the
    policy of each kind of page on the first."""
    body = "2020年,公安部共破获电信网络诈骗案件32.2万起,抓获犯罪嫌疑人36.1万名。\n\n人民银行开展“断卡”行动。"
    made = [
        make_article(title="公安部通报打击成果", body=body, published_at=datetime(2021, 1, 10, tzinfo=SHANGHAI)),
        make_article(
            title="转载:公安部通报打击成果",
            body=body + "\n\n(转载)",
            published_at=datetime(2021, 1, 11, tzinfo=SHANGHAI),
            source="新华社",
        ),
        make_article(
            title="人民银行部署断卡行动",
            body="2021年,全国共破获电信网络诈骗案件44.1万起。\n\n人民银行清理涉诈账户12.5万个。",
            published_at=datetime(2022, 3, 1, tzinfo=SHANGHAI),
        ),
        make_article(title="云剑行动", body="公安部部署“云剑”行动。", published_at=None),
        make_article(
            title="教育工作会议", body="教育部召开会议。", published_at=datetime(1999, 12, 31, tzinfo=SHANGHAI)
        ),
    ]
    MetricVariant.objects.create(name="侦破电诈案件", series=SERIES)
    # Two of them policy documents, the later repealing the earlier by its number.
    save_record(made[0], DocumentRecord(number="公通字〔2021〕1号", issuers=["公安部"], doc_type="意见"))
    save_record(
        made[2],
        DocumentRecord(
            number="国办发〔2021〕84号",
            issuers=["中国人民银行", "公安部"],
            doc_type="通知",
            validity="in_force",
            references=[Reference("", "公通字〔2021〕1号", "repeals"), Reference("未存档的办法", "", "cites")],
        ),
    )
    assert Article.objects.count() == 5
    return made
