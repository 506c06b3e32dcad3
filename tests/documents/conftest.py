"""A small story of documents: a State Council 意见, two provinces implementing it (one citing it by
number, one by title), a city and a county implementing the first province's, and a notice that
repeals an older provincial document. Written through store.save_record, not the reader."""

from datetime import date

import pytest

from archive.documents.references import Reference
from archive.search.tokenize import normalise
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


NAMES = {
    "国务院": ["中华人民共和国国务院"],
    "国务院办公厅": ["国办"],
    "人力资源和社会保障部": ["人力资源社会保障部", "人社部"],
    "住房和城乡建设部": ["住房城乡建设部", "住建部"],
    "国家发展和改革委员会": ["国家发展改革委", "发展改革委"],
    "中央网络安全和信息化委员会办公室": ["中央网信办", "网信办"],
    "中央军事委员会": ["中央军委"],
    "财政部": [],
    "国家税务总局": ["税务总局"],
    "公安部": [],
    "工业和信息化部": ["工信部"],
    "中国人民银行": ["人民银行"],
    "最高人民法院": [],
    "最高人民检察院": [],
    "国家市场监督管理总局": ["市场监管总局"],
}


@pytest.fixture(scope="session")
def agencies() -> dict[str, str]:
    """A small name table (NameTable.agencies): normalised name or alias -> canonical name."""
    table = {}
    for name, aliases in NAMES.items():
        for written in [name, *aliases]:
            table[normalise(written)] = name
    return table
