import json
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from archive.ingest.dates import parse_date
from archive.ingest.decode import decode_bytes
from archive.ingest.html import parse_html
from archive.ingest.page import Rejected
from archive.ingest.scoring import score_body
from bench.corpus_pages import CORPUS_PAGES, MAGIC  # headline and time of each corpus page, read off by hand

from ..conftest import PAGES, corpus_file

pytestmark = pytest.mark.usefixtures("english")  # the rejection reasons, as the command line gives them

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHROME = ("首页", "当前位置", "责任编辑", "打印", "关闭", "相关", "版权所有", "备案", "网站标识码", "浏览次数", "分享")


def parse_corpus(relative: str, url: str = ""):
    return parse_html(decode_bytes(corpus_file(relative).read_bytes()), url)


def parse_page(name: str):
    return parse_html(decode_bytes((PAGES / name).read_bytes()))


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


@pytest.mark.parametrize("relative, title, published", CORPUS_PAGES, ids=lambda v: str(v)[:40])
def test_corpus_page_gives_headline_and_publication_time(relative, title, published):
    page = parse_corpus(relative)
    assert page.title == title
    assert page.published_at == published
    assert page.published_at.tzinfo == SHANGHAI


def test_every_corpus_html_page_is_in_the_table():
    listed = {relative for relative, _, _ in CORPUS_PAGES}
    folders = ("GeneralNewsExtractor", "GerapyAutoExtractor", "magic-html/htmls")
    on_disk = {f"{folder}/{p.name}" for folder in folders for p in corpus_file(folder).glob("*.html")}
    assert on_disk == listed


@pytest.mark.parametrize(
    "relative, source",
    [
        ("GeneralNewsExtractor/shanxi_gov_cn_20190918.html", "山西日报"),
        ("GeneralNewsExtractor/fgw_zj_gov_cn_20161122.html", "省发改委"),
        ("GeneralNewsExtractor/xinhuanet_20191210.html", "新华网"),
        (MAGIC + "1e20e0271231de85fba26cef6db2bedebf916402368a4602c5adb5b2acf722e1.html", "人民日报"),
        (MAGIC + "a28ede747c822c44a927d649abc3073302cb1f6da099050f151f95dece6d42ae.html", "人民日报"),
        (MAGIC + "6558a82cd7af98f97783a125f84d6aefccd7ab723f58c5f4ee58c2e11523ac29.html", "北京商报"),
    ],
    ids=lambda v: str(v)[:40],
)
def test_corpus_page_names_its_source(relative, source):
    assert parse_corpus(relative).source == source


@pytest.mark.parametrize(
    "relative, author, editor",
    [
        ("GeneralNewsExtractor/xinhuanet_20191210.html", "唐霁", ""),
        (MAGIC + "45fcfa7d6741f4361646905a7fdbd1928f6c00e8d4ff29c44c9a51e40b6b2607.html", "叶婉", "郝帅"),
        (MAGIC + "1e20e0271231de85fba26cef6db2bedebf916402368a4602c5adb5b2acf722e1.html", "王乐文 方敏", "胡永秋"),
        (MAGIC + "a28ede747c822c44a927d649abc3073302cb1f6da099050f151f95dece6d42ae.html", "", "杨煜"),
        (MAGIC + "5da9b27b0b9b53ae469cda7615c39dd9001c7e8f942eb3efc63e86988712d9fc.html", "", "刘峻凌"),
        (MAGIC + "39dd62c5ba88ab41c15c92ceab61ed4606fc6e996d2ab0d2e10af0e315be94de.html", "", "张毅"),
    ],
    ids=lambda v: str(v)[:40],
)
def test_the_editor_is_not_the_author(relative, author, editor):
    page = parse_corpus(relative)
    assert page.author == author
    assert not editor or editor not in page.author


def test_corpus_sections_and_sites():
    shanxi = parse_corpus("GeneralNewsExtractor/shanxi_gov_cn_20190918.html")
    assert (shanxi.section, shanxi.site) == ("山西要闻", "山西省人民政府门户网站")
    govcn = parse_corpus("GeneralNewsExtractor/govcn_gwygb_2007_23.html")
    assert (govcn.section, govcn.site) == ("国务院公报>2007年第23号", "中国政府网")
    gmw = parse_corpus(MAGIC + "a28ede747c822c44a927d649abc3073302cb1f6da099050f151f95dece6d42ae.html")
    assert (gmw.section, gmw.site) == ("时政频道>要闻", "光明网")


def test_body_extraction_scores_against_the_magic_html_ground_truth():
    """Character F1 (bags of characters, whitespace removed; see archive.ingest.scoring) per page."""
    truth = json.loads(corpus_file("magic-html/groundtruth_zh_subset.json").read_text(encoding="utf-8"))
    scores = {}
    for sha, entry in truth.items():
        page = parse_corpus(f"{MAGIC}{sha}.html", entry["url"])
        scores[sha[:8]] = score_body(entry["content"], page.body)
    assert len(scores) == 15
    average = sum(scores.values()) / len(scores)
    assert average >= 0.95, scores
    assert min(scores.values()) >= 0.8, scores


def test_gov_cn_disclosure_table_gives_the_publication_date_not_the_written_date():
    """gov.cn 信息公开 pages put 成文日期 next to 发布日期; the archive wants 发布日期."""
    path = corpus_file("ZhouYNF-platform-1/gov_cn_policy_raw_2018_2019.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(records) == 60
    for record in records:
        page = parse_html(record["html"], record["crawl_url"])
        assert page.published_at == parse_date(record["_derived_table_pub_date"]), record["id"]
        assert page.title.replace(" ", "") == record["title"].replace(" ", ""), record["id"]


def test_corpus_bodies_carry_no_chrome():
    for relative, _, _ in CORPUS_PAGES[:9]:
        body = parse_corpus(relative).body
        for line in body.split("\n\n"):
            assert not line.startswith(("责任编辑", "分享到", "【打印】", "上一篇", "下一篇")), (relative, line)
        assert "版权所有" not in body and "ICP备" not in body, relative


def test_gov_table_layout_page_is_parsed_by_structure():
    page = parse_page("gov_table_layout.html")
    assert page.title == "多部门联合推进“断卡”行动 严厉打击涉诈“两卡”违法犯罪"
    assert page.published_at == at(2021, 3, 15, 9, 30)  # not the 成文日期 or a related link's date
    assert (page.source, page.author) == ("公安部", "李明")
    assert (page.section, page.site) == ("政务动态>部门动态", "柳川县人民政府")
    assert len(page.paragraphs) == 5
    assert page.paragraphs[0].startswith("记者日前从公安部获悉")
    assert page.paragraphs[-1].endswith("请及时向当地公安机关反映。")
    for agency in ("公安部", "中国人民银行", "工业和信息化部"):
        assert agency in page.body
    for word in CHROME + ("王芳", "成文日期", "索引号", "2021-03-20", "县公安局召开", "柳川县大数据中心"):
        assert word not in page.body, word


def test_reprint_on_another_site_gives_the_same_title_and_body():
    original = parse_page("gov_table_layout.html")
    reprint = parse_page("reprint_other_site.html")
    assert (reprint.title, reprint.body) == (original.title, original.body)
    assert reprint.published_at == at(2021, 3, 16, 8, 5)
    assert (reprint.site, reprint.section, reprint.source) == ("东岭新闻网", "法治>警务", "公安部")
    for word in ("网友评论", "支持！", "热点排行", "春季森林防火", "赵晴", "违法和不良信息举报"):
        assert word not in reprint.body, word


def test_gbk_page_without_charset_parses():
    page = parse_page("gbk_no_charset.html")
    assert page.title == "柳川县公安局开展“断卡”行动集中宣传 提醒群众守好自己的“卡”"
    assert page.published_at == at(2021, 4, 2, 10, 15)
    assert page.source == "柳川县公安局"
    assert page.section == "工作动态>部门动态"
    assert len(page.paragraphs) == 4  # paragraphs separated by <br> inside one table cell
    assert "点击数" not in page.body and "打印" not in page.body


def test_page_declaring_gb2312_but_utf8_parses_with_meta_and_page_time():
    page = parse_page("declared_gb2312_is_utf8.html")
    assert page.title == "人民银行提示：个人银行账户切勿出租出借"
    assert page.published_at == at(2021, 5, 8, 16, 20)  # meta gives the day, the dateline the time
    assert page.source == "中国人民银行"
    assert page.author == ""  # meta author 10086 is a CMS account, not a person
    assert len(page.paragraphs) == 3
    assert "孙悦" not in page.body and "相关新闻" not in page.body


def test_empty_shell_is_rejected_with_the_pages_own_words():
    with pytest.raises(Rejected, match="^no article: .*该信息已过期或已删除"):
        parse_page("empty_shell.html")


def test_truncated_page_parses_with_a_warning():
    page = parse_page("truncated.html")
    assert page.title == "工业和信息化部部署电话卡实名登记专项检查"
    assert page.published_at == at(2021, 6, 18, 14, 0)
    assert any(w.startswith("truncated:") for w in page.warnings)
    assert len(page.paragraphs) == 3 and page.paragraphs[-1].endswith("对存在")


def test_complete_page_has_no_warnings():
    assert parse_page("gov_table_layout.html").warnings == []


def test_site_name_is_not_taken_for_source():
    html = (
        "<html><head><title>县里召开反诈工作会议_示例县人民政府</title></head><body>"
        "<div class='nav'><a href='/'>示例县人民政府</a></div><h1>县里召开反诈工作会议</h1>"
        "<p>2021-05-06 09:00</p><div class='content'><p>"
        + "会议强调，各部门要把打击治理电信网络诈骗作为重点工作，层层压实责任，切实保护群众财产安全。" * 3
        + "</p></div></body></html>"
    )
    page = parse_html(html)
    assert (page.title, page.site, page.source) == ("县里召开反诈工作会议", "示例县人民政府", "")
    assert page.published_at == at(2021, 5, 6, 9, 0)


@pytest.mark.parametrize("html", ["", "   ", "<<<>>>", "\x00\x01\x02", "<html><body><p>短</p></body></html>"])
def test_pages_without_an_article_are_rejected(html):
    with pytest.raises(Rejected):
        parse_html(html)


def test_deeply_nested_page_is_rejected_not_crashed():
    para = "<p>" + "公安部会同中国人民银行开展“断卡”行动，严厉打击涉诈违法犯罪。" * 5 + "</p>"
    html = "<html><body>" + "<div>" * 50_000 + para + "</div>" * 50_000 + "</body></html>"
    with pytest.raises(Rejected, match="deeply nested"):
        parse_html(html)


def test_long_flat_page_parses_quickly():
    para = "<p>第{}段，公安部会同中国人民银行开展“断卡”行动，严厉打击涉诈违法犯罪。</p>"
    html = "<html><head><title>长文_网站</title></head><body><h1>长文</h1>"
    html += "".join(para.format(i) for i in range(20_000)) + "</body></html>"
    started = time.perf_counter()
    page = parse_html(html)
    assert len(page.paragraphs) == 20_000
    assert time.perf_counter() - started < 10


def test_a_link_back_to_the_site_is_not_the_end_of_the_body():
    """njxfhn's last paragraph ran into its 返回富达，查看更多 link: no link out of the article stays."""
    body = parse_corpus("GeneralNewsExtractor/njxfhn_telecom_fraud_gongjianfa.html").body
    assert body.endswith("作者：余毅菁 向雪妮")
    assert "查看更多" not in body and "返回富达" not in body


@pytest.mark.parametrize("link", ["返回网站首页，查看更多", "【返回列表】", "阅读原文", "更多>>", "点击查看详情"])
def test_navigation_links_and_lines_after_the_article_are_dropped(link):
    prose = "县反诈中心提醒，凡是要求先转账、再办事的，都要提高警惕，不给骗子可乘之机。" * 3
    html = (
        "<html><head><title>县反诈中心发布提醒_示例县人民政府</title></head><body><h1>县反诈中心发布提醒</h1>"
        f"<div class='content'><p>{prose}</p><p>{prose}</p><p>（记者 王明）<a href='/'>{link}</a></p>"
        f"<p><a href='/list/'>{link}</a></p></div></body></html>"
    )
    page = parse_html(html)
    assert page.paragraphs[-1] == "（记者 王明）"
