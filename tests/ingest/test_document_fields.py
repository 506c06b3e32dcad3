"""A page's metadata table reaches ParsedPage.fields, stays out of the body, and JSONL records carrying
a page's HTML import whole (the ZhouYNF gov.cn records)."""

import json

from archive.ingest.html import parse_html
from archive.ingest.page_fields import collect_fields
from archive.ingest.read import page_from_record, parse_jsonl, read_file

from ..conftest import PAGES, corpus_file

DOCUMENTS = PAGES / "documents"


def page(name):
    return parse_html((DOCUMENTS / name).read_text(encoding="utf-8"))


def test_a_gov_cn_table_becomes_fields_and_not_body():
    parsed = page("w01_zhejiang_shuangsuiji.html")
    assert parsed.fields == {
        "索引号": "002482410/2019-00012",
        "主题分类": "市场监管",
        "发文机关": "浙江省人民政府",
        "成文日期": "2019年04月02日",
        "发文字号": "浙政发〔2019〕8号",
        "发布日期": "2019年04月09日",
    }
    assert "索" not in parsed.body[:20] and "发文机关" not in parsed.body


def test_the_number_line_under_the_title_stays_in_the_body():
    assert page("w08_shandong_bonded_zones.html").body.startswith("鲁政字(2019)48号\n\n")
    assert page("w11_hunan_rural_roads_2016.html").body.startswith("湘政发〔2016〕12号\n\n")


def test_ministry_tables_in_lists_definition_lists_and_brackets():
    assert (
        page("w02_three_ministries_social_insurance.html").fields["发文机构"]
        == "人力资源社会保障部 财政部 国家税务总局"
    )
    assert page("w03_housing_pipelines.html").fields == {
        "发布部门": "住房和城乡建设部办公厅",
        "文号": "建办城函[2019]15号",
        "发布日期": "2019-03-05",
        "时效性": "现行有效",
    }
    assert page("w04_ndrc_moe_fees.html").fields["效力状态"] == "现行有效"


def test_only_known_labels_are_collected_and_several_may_share_a_line():
    lines = [
        "主 题 词：",
        "某词",
        "发文机关：国务院 成文日期：2019年01月27日",
        "【发文字号】国发〔2019〕5号",
        "有效性",
        "现行有效",
        "作者：某人",
    ]
    assert collect_fields(lines) == {
        "发文机关": "国务院",
        "成文日期": "2019年01月27日",
        "发文字号": "国发〔2019〕5号",
        "有效性": "现行有效",
    }


def test_a_record_with_html_and_no_body_is_parsed_and_its_own_fields_win():
    html = (DOCUMENTS / "w05_guangdong_drug_procurement.html").read_text(encoding="utf-8")
    record = {
        "html": html,
        "crawl_url": "http://www.gd.gov.cn/a.html",
        "date": "2019-03-04",
        "release_number": "粤府办〔2019〕5号",
        "issuers": ["广东省人民政府办公厅"],
        "written_date": "2019-03-01",
        "validity": "in_force",
    }
    parsed = page_from_record(record)
    assert parsed.url == "http://www.gd.gov.cn/a.html" and parsed.local_date.isoformat() == "2019-03-04"
    assert parsed.fields == {
        "发文字号": "粤府办〔2019〕5号",
        "发文机关": "广东省人民政府办公厅",
        "成文日期": "2019-03-01",
        "有效性": "in_force",
    }


def test_the_zhouynf_file_imports_whole_with_the_tables_dates():
    path = corpus_file("ZhouYNF-platform-1/gov_cn_policy_raw_2018_2019.jsonl")
    pages = read_file(path, 50_000_000)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(pages) == len(records) == 60
    for (parsed, _), record in zip(pages, records, strict=True):
        assert parsed.title == record["title"] and parsed.body
        # release_time is fake: the date is the table's 发布日期
        assert (
            parsed.fields["发布日期"].replace("年", "-").replace("月", "-").rstrip("日")
            == parsed.local_date.isoformat()
        )
        assert parsed.fields["发文字号"] == record["release_number"]


def test_a_record_that_is_neither_page_nor_article_is_still_rejected():
    import pytest

    from archive.ingest.page import Rejected

    with pytest.raises(Rejected):
        parse_jsonl(json.dumps({"title": "只有标题"}))
