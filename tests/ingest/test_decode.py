import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.ingest.decode import declared_charset, decode_bytes, looks_truncated
from archive.ingest.page import Rejected

from ..conftest import CORPUS, PAGES, corpus_file

pytestmark = pytest.mark.usefixtures("english")  # the rejection reasons, as the command line gives them


def test_gbk_page_without_charset_decodes():
    data = (PAGES / "gbk_no_charset.html").read_bytes()
    assert b"charset" not in data.lower()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = decode_bytes(data)
    assert "柳川县公安局开展“断卡”行动集中宣传" in text
    assert "国家反诈中心APP" in text


def test_page_declaring_gb2312_but_saved_as_utf8_decodes_as_utf8():
    data = (PAGES / "declared_gb2312_is_utf8.html").read_bytes()
    assert declared_charset(data) == "gb2312"
    text = decode_bytes(data)
    assert "人民银行提示：个人银行账户切勿出租出借" in text
    assert "中国人民银行近日发布提示" in text


def test_corpus_page_declaring_gb2312_decodes_as_utf8():
    data = corpus_file("GeneralNewsExtractor/people_com_cn_culture.html").read_bytes()
    assert declared_charset(data) == "gb2312"
    assert "女儿出嫁，郑板桥画了几笔兰花当嫁妆" in decode_bytes(data)


def test_page_declaring_gbk_and_saved_as_gbk_decodes():
    page = (
        '<html><head><meta charset="gbk"><title>通知</title></head><body><p>关于开展“断卡”行动的通知</p></body></html>'
    )
    assert "关于开展“断卡”行动的通知" in decode_bytes(page.encode("gbk"))


def test_page_declaring_utf8_but_saved_as_gbk_decodes():
    headline = "工业和信息化部部署电话卡实名登记专项检查"
    page = f'<html><head><meta charset="utf-8"></head><body><p>{headline}</p></body></html>'
    assert headline in decode_bytes(page.encode("gbk"))


def test_charset_from_the_http_header_is_used_for_legacy_bytes():
    text = "臺灣銀行提醒民眾勿出借帳戶，以免觸法。"
    assert decode_bytes(text.encode("big5"), declared="big5") == text


def test_byte_order_mark_decides_the_encoding():
    text = "<p>公安部会同中国人民银行开展“断卡”行动</p>"
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8")) == text
    assert decode_bytes(text.encode("utf-16")) == text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_file_is_rejected(data):
    with pytest.raises(Rejected, match="^empty file$"):
        decode_bytes(data)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"GIF89a" + b"\x00\x01" * 200,
        bytes(range(256)) * 16,
        b"abc\x00def\x00" * 100,
    ],
)
def test_binary_content_is_rejected(data):
    with pytest.raises(Rejected, match="^not text: binary content$"):
        decode_bytes(data)


def test_utf8_cut_inside_a_character_is_rejected_as_truncated():
    data = (PAGES / "gov_table_layout.html").read_bytes()
    cut = data[: data.index("中国人民银行".encode()) + 2]  # inside 中 (3 bytes)
    with pytest.raises(Rejected, match="^truncated: "):
        decode_bytes(cut)


def test_gbk_cut_inside_a_character_is_rejected_as_truncated():
    data = (PAGES / "gbk_no_charset.html").read_bytes()
    cut = data[: data.index("县公安局有关负责人".encode("gbk")) + 1]
    with pytest.raises(Rejected, match="^truncated: "):
        decode_bytes(cut)


def test_html_cut_before_closing_tags_looks_truncated():
    assert looks_truncated((PAGES / "truncated.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "html, truncated",
    [
        ("<html><body><p>公安部会同中国人民银行开展", True),  # inside text
        ("<html><body><p>开展“断卡”行动</p><div class=", True),  # inside a tag
        ("<html><body><p>开展“断卡”行动</p><div class='content'>", True),  # after an opening tag
        ("<html><body><p>开展“断卡”行动</p>", False),  # HTML may omit </body></html>
        ("<html><body><p>开展“断卡”行动</p><br>", False),
        ("<html><body><p>开展“断卡”行动</p></body></html>\n<!-- cached -->\n", False),
    ],
)
def test_truncation_means_stopping_mid_content(html, truncated):
    assert looks_truncated(html) is truncated


def test_complete_pages_do_not_look_truncated():
    for name in ("gov_table_layout.html", "reprint_other_site.html", "declared_gb2312_is_utf8.html"):
        assert not looks_truncated((PAGES / name).read_text(encoding="utf-8")), name
    assert not looks_truncated("公安部发布预警：警惕冒充客服诈骗。")  # not HTML at all


def test_every_corpus_html_page_decodes_without_replacement_characters():
    folder = corpus_file("GeneralNewsExtractor")
    pages = sorted(folder.glob("*.html")) + sorted((CORPUS / "magic-html" / "htmls").glob("*.html"))
    assert len(pages) == 23
    for page in pages:
        assert "\ufffd" not in decode_bytes(page.read_bytes()), page.name


# Chinese pages: ASCII, CJK punctuation, ideographs, full-width forms. (Text made mostly of U+0080-U+07FF
# letters is deliberately read as GBK when that reading is Chinese: see decode._odd.)
_CHINESE_PAGE_TEXT = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
)


@given(st.text(alphabet=_CHINESE_PAGE_TEXT, min_size=1, max_size=300).filter(lambda s: s.strip()))
def test_any_utf8_chinese_text_round_trips(text):
    assert decode_bytes(text.encode("utf-8")) == text


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=12, max_size=200))
def test_gbk_encodable_chinese_round_trips_without_declaration(text):
    try:
        data = text.encode("gbk")
    except UnicodeEncodeError:
        return
    assert decode_bytes(data) == text
