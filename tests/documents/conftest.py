"""A small story of documents: a State Council 意见, two provinces implementing it (one citing it by
number, one by title), a city and a county implementing the first province's, and a notice that
repeals an older provincial document. Written through store.save_record, not the reader."""

from datetime import date

import pytest

from archive.documents.references import Reference
from tests.factories import make_document

CENTRAL = "国务院办公厅关于推进甲事项的意见"
ZHEJIANG = "浙江省人民政府办公厅关于推进甲事项的实施意见"
JIANGSU = "江苏省人民政府办公厅关于贯彻落实甲事项的实施意见"
HANGZHOU = "杭州市推进甲事项工作方案"
TONGLU = "桐庐县推进甲事项实施方案"
OLD = "浙江省甲事项管理暂行办法"
REPEAL = "浙江省人民政府关于废止部分行政规范性文件的决定"


policy = make_document


@pytest.fixture
def story(db):
    central = policy(
        CENTRAL, date(2021, 3, 1), ["国务院办公厅"], "国办发〔2021〕8号", doc_type="意见", validity="in_force"
    )
    zhejiang = policy(
        ZHEJIANG,
        date(2021, 4, 10),
        ["浙江省人民政府办公厅"],
        "浙政办发〔2021〕20号",
        references=[Reference("", "国办发[2021]8号", "cites")],
        doc_type="意见",
    )
    jiangsu = policy(
        JIANGSU,
        date(2021, 5, 1),
        ["江苏省人民政府办公厅"],
        "苏政办发〔2021〕31号",
        references=[Reference(CENTRAL, "", "cites")],
    )
    hangzhou = policy(
        HANGZHOU,
        date(2021, 6, 15),
        ["杭州市人民政府办公厅"],
        "杭政办函〔2021〕40号",
        references=[Reference(ZHEJIANG, "浙政办发〔2021〕20号", "cites")],
    )
    tonglu = policy(TONGLU, date(2021, 8, 2), ["桐庐县人民政府办公室"], references=[Reference(ZHEJIANG, "", "cites")])
    old = policy(OLD, date(2015, 2, 1), ["浙江省人民政府"], "浙政发〔2015〕3号", validity="in_force")
    repeal = policy(
        REPEAL,
        date(2021, 9, 1),
        ["浙江省人民政府"],
        "浙政发〔2021〕12号",
        references=[
            Reference(OLD, "浙政发〔2015〕3号", "repeals"),
            Reference("某部门关于尚未收录事项的通知", "某发〔2019〕7号", "cites"),
        ],
    )
    return {
        "central": central,
        "zhejiang": zhejiang,
        "jiangsu": jiangsu,
        "hangzhou": hangzhou,
        "tonglu": tonglu,
        "old": old,
        "repeal": repeal,
    }
