"""read_document on short texts written for the hard cases, and on news that must stay news."""

import json
from datetime import date

import pytest

from archive.documents.dates import effective_date, expires_on, parse_day
from archive.documents.kinds import doc_type, enclosed
from archive.documents.read import read_document
from archive.ingest.read import read_bytes

from ..conftest import SEED, corpus_file

SAL = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："


def read(title, lines, agencies, fields=None, published=None):
    return read_document(title, "\n\n".join(lines), fields or {}, published, agencies)


def test_a_gov_cn_table_gives_every_field(agencies):
    fields = {
        "索引号": "000014349/2019-00007",
        "主题分类": "市场监管",
        "发文机关": "国务院",
        "成文日期": "2019年01月27日",
        "发文字号": "国发〔2019〕5号",
        "发布日期": "2019年02月15日",
    }
    record = read(
        "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见",
        [SAL, "现提出如下意见。"],
        agencies,
        fields,
    )
    assert (record.number, record.issuers, record.written_date) == ("国发〔2019〕5号", ["国务院"], date(2019, 1, 27))
    assert (record.doc_type, record.index_number, record.subject) == ("意见", "000014349/2019-00007", "市场监管")


def test_a_ministry_table_names_its_fields_its_own_way(agencies):
    fields = {
        "发文机构": "人社部、住建部、发展改革委",
        "文号": "人社部发[2021]45号",
        "印发日期": "2021-03-18",
        "时效性": "现行有效",
    }
    record = read("关于做好农民工工资支付工作的通知", ["各省人力资源社会保障厅：", "现通知如下。"], agencies, fields)
    assert record.issuers == ["人力资源和社会保障部", "住房和城乡建设部", "国家发展和改革委员会"]
    assert (record.number, record.written_date, record.validity) == (
        "人社部发〔2021〕45号",
        date(2021, 3, 18),
        "in_force",
    )


@pytest.mark.parametrize(
    ("cell", "validity"),
    [("现行有效", "in_force"), ("已修改", "amended"), ("已废止", "repealed"), ("失效", "expired"), ("", "")],
)
def test_validity_is_read_from_the_pages_field(agencies, cell, validity):
    record = read("关于某事的通知", ["正文。"], agencies, {"发文字号": "某发〔2020〕1号", "效力状态": cell})
    assert record.validity == validity


def test_a_joint_document_lists_its_three_issuers_from_the_signature_in_order(agencies):
    record = read(
        "中央网信办 工业和信息化部 公安部关于开展应用程序个人信息整治的通知",
        [
            "各省网信办、通信管理局、公安厅：",
            "三部门决定开展集中整治，现将有关事项通知如下。",
            "中央网信办",
            "工业和信息化部",
            "公安部",
            "2020年7月22日",
        ],
        agencies,
    )
    assert record.issuers == ["中央网络安全和信息化委员会办公室", "工业和信息化部", "公安部"]
    assert (record.number, record.written_date, record.doc_type) == ("", date(2020, 7, 22), "通知")


def test_the_title_prefix_names_the_issuers_when_nothing_else_does(agencies):
    record = read(
        "国务院办公厅、中央军委办公厅关于加强某项工作的通知", ["国办发〔1996〕25号", SAL, "现通知如下。"], agencies
    )
    assert record.issuers == ["国务院办公厅", "中央军委办公厅"]


def test_an_order_names_its_issuer_number_and_dates(agencies):
    record = read(
        "某某管理规定",
        [
            "中华人民共和国公安部令",
            "第170号",
            "《某某管理规定》已经公安部部务会议通过，现予发布，自2022年7月1日起施行。",
            "2022年5月20日",
            "第一条 为了规范某项工作，制定本规定。",
        ],
        agencies,
    )
    assert (record.number, record.issuers) == ("中华人民共和国公安部令第170号", ["公安部"])
    assert (record.written_date, record.effective_date, record.doc_type) == (
        date(2022, 5, 20),
        date(2022, 7, 1),
        "规定",
    )


def test_a_rules_head_note_gives_its_order_publication_and_effective_days(agencies):
    record = read(
        "医疗器械经营监督管理办法",
        [
            "2022年3月10日 国家市场监督管理总局令第54号公布",
            "2022年5月1日 施行",
            "第一条 为了加强医疗器械经营监督管理，制定本办法。",
        ],
        agencies,
    )
    assert (record.number, record.issuers) == ("国家市场监督管理总局令第54号", ["国家市场监督管理总局"])
    assert (record.written_date, record.effective_date) == (date(2022, 3, 10), date(2022, 5, 1))


def test_an_interpretation_adopted_by_both_courts(agencies):
    record = read(
        "最高人民法院 最高人民检察院关于办理某类刑事案件适用法律若干问题的解释",
        [
            "2020年8月31日 最高人民法院审判委员会第1811次会议、"
            "2020年8月21日最高人民检察院第十三届检察委员会第四十八次会议通过",
            "2020年9月14日 施行",
            "第一条 具有下列情形之一的，依法从重处罚。",
        ],
        agencies,
    )
    assert record.issuers == ["最高人民法院", "最高人民检察院"]
    assert (record.written_date, record.effective_date, record.doc_type) == (
        date(2020, 8, 31),
        date(2020, 9, 14),
        "解释",
    )


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("二〇一六年五月十日", date(2016, 5, 10)),
        ("二○一九年三月八日", date(2019, 3, 8)),
        ("二〇二〇年十二月三十一日", date(2020, 12, 31)),
        ("2019年02月15日", date(2019, 2, 15)),
        ("2019-02-15", date(2019, 2, 15)),
        ("２０１３年１月１日", date(2013, 1, 1)),
    ],
)
def test_a_signature_date_in_any_writing(agencies, line, day):
    record = read(
        "湖南省人民政府关于加强农村公路养护管理的意见",
        ["湘政发〔2016〕12号", SAL, "现提出以下意见。", "湖南省人民政府", line],
        agencies,
    )
    assert record.written_date == day and record.issuers == ["湖南省人民政府"]


def test_a_forwarded_reports_signature_is_not_the_notices(agencies):
    record = read(
        "某省人民政府办公厅转发省教育厅关于某项工作意见的通知",
        [
            "某政办发〔2019〕3号",
            "省教育厅《关于某项工作的意见》已经省政府同意，现转发给你们。",
            "省教育厅关于某项工作的意见",
            "一、加强管理。",
            "省教育厅",
            "2019年1月5日",
        ],
        agencies,
    )
    assert record.issuers == ["某省人民政府办公厅"] and record.written_date is None
    assert (record.enclosed_title, record.enclosed_type) == ("省教育厅关于某项工作意见", "意见")


def test_effective_and_expiry_dates():
    assert effective_date("本办法自2021年3月1日起施行。", None, None) == date(2021, 3, 1)
    assert effective_date("自判决生效之日起执行。本规范自2009年1月1 日起实施。", None, None) == date(2009, 1, 1)
    assert effective_date("本办法自发布之日起施行。", date(2020, 6, 10), date(2020, 6, 1)) == date(2020, 6, 10)
    assert effective_date("本方案自印发之日起施行。", date(2020, 6, 10), date(2020, 6, 1)) == date(2020, 6, 1)
    assert expires_on("本办法自2021年3月1日起施行，有效期5年。", date(2021, 3, 1)) == date(2026, 3, 1)
    assert expires_on("本通知有效期至2025年12月31日。", None) == date(2025, 12, 31)
    assert expires_on("本规定自发布之日起施行，有效期为三年。", date(2020, 6, 10)) == date(2023, 6, 10)
    assert expires_on("机动车驾驶证有效期为六年。", date(2020, 1, 1)) is None
    assert parse_day("二〇〇四年十月一日") == date(2004, 10, 1)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("国务院办公厅关于湖北省巴东县地质灾害险情有关问题的复函", "函"),
        ("国务院关于河北雄安新区总体规划（2018—2035年）的批复", "批复"),
        ("医疗机构制剂配制质量管理规范（试行）", "规范"),
        ("市场主体登记管理条例实施细则", "细则"),
        ("国务院关于2018年度国家科学技术奖励的决定", "决定"),
        ("国务院办公厅对全国政协十届四次会议第4626号提案的答复", "答复"),
        ("李克强主持召开国务院常务会议", ""),
    ],
)
def test_the_kind_is_the_last_word_of_the_title(title, kind):
    assert doc_type(title) == kind


def test_an_issuing_notice_names_what_it_encloses():
    assert enclosed("国务院办公厅关于印发《政府网站集约化试点工作方案》的通知") == (
        "政府网站集约化试点工作方案",
        "方案",
    )
    assert enclosed("国务院办公厅关于印发国家粮食应急预案的函") == ("国家粮食应急预案", "预案")
    assert enclosed("国家税务总局关于发布《个人所得税专项附加扣除操作办法（试行）》的公告") == (
        "个人所得税专项附加扣除操作办法（试行）",
        "办法",
    )
    assert enclosed("国务院关于加快推进农业机械化的指导意见") == ("", "")


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        (
            "国务院办公厅印发《关于加强三级公立医院绩效考核工作的意见》",
            [
                "新华社北京1月30日电 日前，国务院办公厅印发"
                "《关于加强三级公立医院绩效考核工作的意见》（国办发〔2019〕4号）。",
                "意见提出了考核指标。",
            ],
        ),
        (
            "国务院总理签署国务院令 公布《城市公共交通安全管理条例》",
            ["新华社北京3月15日电 国务院总理日前签署国务院令，公布条例。", "第一条 为了保障安全。"],
        ),
        (
            "我市召开优化营商环境工作推进会",
            ["【发布时间】2021-03-12 【来源】市政府办公室", "会议部署了今年的重点任务。"],
        ),
    ],
)
def test_news_about_a_document_is_not_a_document(agencies, title, lines):
    assert read(title, lines, agencies, {"发布时间": "2021-03-12"}) is None


def test_the_seed_and_news_broadcasts_are_not_documents(agencies):
    page = read_bytes(corpus_file(SEED.relative_to(SEED.parents[1])).read_bytes(), "text")[0][0]
    assert read_document(page.title, page.body, page.fields, page.local_date, agencies) is None
    items = corpus_file("xin-wen-lian-bo/xwlb_2020_2021_items.jsonl").read_text(encoding="utf-8").splitlines()[:300]
    for item in map(json.loads, items):
        assert read_document(item["title"], item["body"], {}, None, agencies) is None, item["title"]
