"""Hostile inputs for the importer, built by code (nothing binary is committed).

Each Case names a file, builds its bytes and says what must become of it: `rejected` with a reason
that contains `reason`, or `imported` (then `check`, if given, looks at the article). FILES go
through both `import_articles` and the admin upload; ZIPS only through the upload (the command
reads no zips).
"""

import codecs
import io
import json
import random
import resource
import time
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

MB = 1024 * 1024
FILE_LIMIT = 20 * MB  # ARCHIVE_MAX_FILE_BYTES's default

TITLE = "市公安局部署打击治理电信网络诈骗工作"
PARAGRAPHS = [
    "为深入推进“断卡”行动，市公安局会同中国人民银行市中心支行召开专题会议，部署下一阶段打击治理电信网络诈骗犯罪工作。",
    "会议指出，今年以来全市共破获电信网络诈骗案件320余起，抓获犯罪嫌疑人410名，为群众挽回经济损失1200余万元。",
    "会议要求，各部门要加强协作，持续开展宣传进社区、进校园、进企业活动，提高群众识骗防骗能力。",
]


def article_html(
    charset: str | None = "utf-8",
    head: str = "",
    body_extra: str = "",
    title: str = TITLE,
    doctype: str = "<!DOCTYPE html>",
    before: str = "",
) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"{doctype}\n<html><head>{meta}<title>{title}-市人民政府网</title>{head}</head><body>\n"
        f'<div class="nav"><a href="/">首页</a> <a href="/news/">新闻</a></div>\n{before}'
        f'<div class="article"><h1>{title}</h1><div class="info">发布时间：2021-04-02 10:15　来源：市公安局</div>\n'
        f'<div class="content">{paragraphs}</div></div>\n{body_extra}</body></html>\n'
    )


def utf8_page(**kwargs) -> bytes:
    return article_html(**kwargs).encode()


def gbk_page(**kwargs) -> bytes:
    return article_html(**kwargs).encode("gbk")


def record(n: int = 0, **extra) -> dict:
    body = "\n".join(PARAGRAPHS).replace("320余起", f"{320 + n}余起")
    return {"title": f"{TITLE}（第{n}期）", "body": body, "date": "2021-04-02", **extra}


def jsonl(records) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode() + b"\n"


def _random(n: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(n)


def _laughs(xhtml: bool) -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    )
    doctype = f"<!DOCTYPE html [{entities}]>"
    if xhtml:
        doctype = f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html [{entities}]>'
    page = article_html(doctype=doctype, body_extra="<p>&lol9;</p>")
    if xhtml:
        page = page.replace("<html>", '<html xmlns="http://www.w3.org/1999/xhtml">', 1)
    return page.encode()


def _xxe(xhtml: bool) -> bytes:
    doctype = '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    if xhtml:
        doctype = '<?xml version="1.0" encoding="utf-8"?>\n' + doctype
    return article_html(doctype=doctype, body_extra="<p>&xxe;</p>").encode()


def _deep_tags(depth: int) -> bytes:
    return utf8_page(before="<div>" * depth + "深" + "</div>" * depth)


def _chrome_only() -> bytes:
    links = "".join(f'<li><a href="/c{i}/">栏目{i}</a></li>' for i in range(60))
    return (
        '<html><head><meta charset="utf-8"><title>市人民政府网</title></head><body>'
        f"<nav><ul>{links}</ul></nav><div class='menu'>首页 | 政务公开 | 办事服务 | 互动交流</div>"
        "<footer>主办单位：市人民政府办公室 版权所有 备案号：京ICP备00000000号</footer></body></html>"
    ).encode()


def _many_links(n: int) -> bytes:
    links = "".join(f'<a href="/n/{i}.html">新闻{i}</a> ' for i in range(n))
    return utf8_page(body_extra=f'<div class="links">{links}</div>')


def _long_line() -> bytes:
    # A page saved on one line, with 8 MB of style and markup around the article.
    return article_html(head="<style>" + ".x{color:red}" * 600_000 + "</style>").replace("\n", " ").encode()


def _truncate_mid_character(data: bytes, width: int) -> bytes:
    """Cut inside the last multibyte character of the page's text."""
    tail = data.rfind("工作".encode("utf-8" if width == 3 else "gbk"))
    return data[: tail + 1]


def _json_bomb(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth + b"\n"


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _lying_zip() -> bytes:
    """A member whose header says 100 bytes and that inflates to 5 MB."""
    data = _zip({"a.html": b"<p>" + b"a" * 5 * MB})
    return data.replace((5 * MB + 3).to_bytes(4, "little"), (100).to_bytes(4, "little"))


def _ld_bomb() -> bytes:
    ld = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    return utf8_page(head=ld)


@dataclass
class Case:
    name: str
    build: Callable[[], bytes]
    expect: str  # "rejected" or "imported"
    reason: str = ""  # a word the rejection must give
    check: Callable | None = None  # called with the imported Article


def _body_has_the_article(article):
    assert "断卡" in article.body and "电信网络诈骗案件320余起" in article.body, article.body[:200]


def _no_entity_text(article):
    _body_has_the_article(article)
    assert "lol" not in article.body and "root:" not in article.body


def _clean_title(article):
    assert article.title == TITLE, repr(article.title)
    assert not any(ord(ch) < 32 for ch in article.title + article.body.replace("\n", ""))


FILES = [
    Case("empty.html", lambda: b"", "rejected", "empty"),
    Case("empty.jsonl", lambda: b"", "rejected", "empty"),
    Case("whitespace.txt", lambda: b" \n\t\r\n   \n" * 1000, "rejected", "empty"),
    Case("random.html", lambda: _random(256 * 1024), "rejected", "binary"),
    Case("random.txt", lambda: _random(4096, seed=2), "rejected", "binary"),
    Case("png.html", lambda: b"\x89PNG\r\n\x1a\n" + _random(8192), "rejected", "binary"),
    Case(
        "pdf.html",
        lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + _random(4096),
        "rejected",
        "binary",
    ),
    Case("gzip.html", lambda: b"\x1f\x8b\x08\x00" + _random(4096), "rejected", "binary"),
    Case("zip.jsonl", lambda: _zip({"a.jsonl": jsonl([record()])}), "rejected", "binary"),
    Case(
        "nul_bytes.html",
        lambda: utf8_page().replace("会议指出".encode(), b"\x00\x00\x00"),
        "imported",
        check=lambda a: (_clean_title(a), "\x00" not in a.body),
    ),
    Case(
        "nul_bytes.txt",
        lambda: (TITLE + "\n发布时间：2021-04-02\n" + "\n".join(PARAGRAPHS))
        .encode()
        .replace("会议要求".encode(), b"\x00"),
        "imported",
        check=_clean_title,
    ),
    Case(
        "nul_escape.jsonl",
        lambda: jsonl([record(body="\u0000".join(PARAGRAPHS))]),
        "imported",
        check=lambda a: "\x00" not in a.body,
    ),
    Case("deep_tags.html", lambda: _deep_tags(20_000), "rejected", "nested"),
    Case("billion_laughs.html", lambda: _laughs(xhtml=False), "imported", check=_no_entity_text),
    Case("billion_laughs_xhtml.html", lambda: _laughs(xhtml=True), "imported", check=_no_entity_text),
    Case("xxe.html", lambda: _xxe(xhtml=False), "imported", check=_no_entity_text),
    Case("xxe_xhtml.html", lambda: _xxe(xhtml=True), "imported", check=_no_entity_text),
    Case("truncated_utf8.html", lambda: _truncate_mid_character(utf8_page(), 3), "rejected", "truncated"),
    Case("truncated_gbk.html", lambda: _truncate_mid_character(gbk_page(charset="gbk"), 2), "rejected", "truncated"),
    Case(
        "truncated_utf8.txt",
        lambda: (TITLE + "\n发布时间：2021-04-02\n" + "\n".join(PARAGRAPHS)).encode()[:-2],
        "rejected",
        "truncated",
    ),
    Case("meta_utf8_bytes_gbk.html", lambda: gbk_page(charset="utf-8"), "imported", check=_body_has_the_article),
    Case("meta_gbk_bytes_utf8.html", lambda: utf8_page(charset="gbk"), "imported", check=_body_has_the_article),
    Case("no_charset_gbk.html", lambda: gbk_page(charset=None), "imported", check=_body_has_the_article),
    Case(
        "unknown_charset.html", lambda: utf8_page(charset="x-no-such-charset"), "imported", check=_body_has_the_article
    ),
    Case(
        "bom_utf8_meta_gbk.html",
        lambda: codecs.BOM_UTF8 + utf8_page(charset="gbk"),
        "imported",
        check=_body_has_the_article,
    ),
    Case(
        "bom_utf16_meta_utf8.html",
        lambda: article_html(charset="utf-8").encode("utf-16"),
        "imported",
        check=_body_has_the_article,
    ),
    Case(
        "oversized.html",
        lambda: utf8_page(body_extra="<p>" + "填充" * (FILE_LIMIT // 6 + 1) + "</p>"),
        "rejected",
        "too large",
    ),
    Case("chrome_only.html", _chrome_only, "rejected", "no article"),
    Case(
        "script_only.html",
        lambda: b"<html><head><script>" + b"var a = 1;" * 1000 + b"</script></head></html>",
        "rejected",
        "no article",
    ),
    Case("ascii_only.html", lambda: b"<html><body><p>Hello, world.</p></body></html>", "rejected", "no article"),
    Case("long_line.html", _long_line, "imported", check=_body_has_the_article),
    Case("long_line.txt", lambda: ("，".join(PARAGRAPHS) * 20_000).encode(), "rejected", "no article"),
    Case("links_100k.html", lambda: _many_links(100_000), "imported", check=_body_has_the_article),
    Case(
        "control_chars_title.html",
        lambda: utf8_page(title=TITLE[:4] + "\x07\x1b" + TITLE[4:] + "\x08"),
        "imported",
        check=_clean_title,
    ),
    Case(
        "control_chars_title.jsonl",
        lambda: jsonl([record(title=TITLE[:4] + "\x07\x1b" + TITLE[4:])]),
        "imported",
        check=_clean_title,
    ),
    Case("json_ld_bomb.html", _ld_bomb, "imported", check=_body_has_the_article),
    Case(
        "malformed_middle.jsonl",
        lambda: jsonl([record(1), record(2)]) + b'{"title": "x", "body": \n' + jsonl([record(3), record(4)]),
        "rejected",
        "line 3",
    ),
    Case("not_an_object.jsonl", lambda: jsonl([record(1)]) + b"[1, 2, 3]\n", "rejected", "line 2"),
    Case("json_bomb.jsonl", lambda: _json_bomb(100_000), "rejected", "line 1"),
    Case(
        "json_bomb_in_field.jsonl",
        lambda: jsonl([record(1)])[:-2] + b', "extra": ' + _json_bomb(50_000)[:-1] + b"}\n",
        "rejected",
        "line 1",
    ),
    Case("line_50mb.jsonl", lambda: jsonl([record(body="公安" * (25 * MB // 6))]), "rejected", "too large"),
    Case("bad_date.jsonl", lambda: jsonl([record(date="2021-13-45")]), "rejected", "line 1"),
    Case("year_one.jsonl", lambda: jsonl([record(published_at="0001-01-01T00:00:00+14:00")]), "rejected", "line 1"),
    Case(
        "huge_number.jsonl",
        lambda: jsonl([record()])[:-2] + b', "n": 1' + b"0" * 100_000 + b"}\n",
        "rejected",
        "line 1",
    ),
    Case(
        "invalid_utf8.jsonl", lambda: jsonl([record()]) + b'{"title": "\xff\xfe", "body": "x"}\n', "rejected", "binary"
    ),
]


ZIPS = [
    Case("ratio_bomb.zip", lambda: _zip({"bomb.html": b"\0" * 200 * MB}), "rejected", "unpacks to"),
    Case("nested.zip", lambda: _zip({"inner.zip": _zip({"bomb.html": b"\0" * 100 * MB})}), "rejected", "unsupported"),
    Case(
        "members_10k.zip",
        lambda: _zip({f"p{i}.txt": b"x" for i in range(10_000)}, zipfile.ZIP_STORED),
        "rejected",
        "10000 files",
    ),
    Case("traversal.zip", lambda: _zip({"../../evil.html": utf8_page()}), "rejected", "unsafe path"),
    Case("absolute.zip", lambda: _zip({"/etc/evil.html": utf8_page()}), "rejected", "unsafe path"),
    Case("lying_header.zip", _lying_zip, "rejected", "unpack"),
    Case("truncated.zip", lambda: _zip({"a.html": utf8_page()})[:200], "rejected", "not a readable zip"),
    Case("not_a_zip.zip", lambda: b"this is not a zip", "rejected", "not a readable zip"),
]


@dataclass
class Cost:
    seconds: float = 0.0
    peak_growth_mb: float = 0.0  # at most this much more memory than before (an upper bound)


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / MB


def _reset_peak() -> bool:
    """Linux resets the peak resident size (VmHWM) on writing 5 to clear_refs."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak_mb(reset: bool) -> float:
    if reset:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def measured():
    """Time and the process's peak memory over a block, less its resident size before. Where the
    peak cannot be reset, ru_maxrss (which only grows) makes this an upper bound."""
    cost, before = Cost(), _rss_mb()
    reset = _reset_peak()
    start = time.perf_counter()
    yield cost
    cost.seconds = time.perf_counter() - start
    cost.peak_growth_mb = max(0.0, _peak_mb(reset) - before)
