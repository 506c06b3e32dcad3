"""Bytes to text by evidence, not by declaration.

Chinese pages declare GB2312 and are UTF-8, declare UTF-8 and are GBK, or declare nothing. A strict
UTF-8 decode almost never succeeds by accident on GBK bytes, so it is the first test; the declared
charset only breaks ties between the legacy encodings.
"""

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

from .page import Rejected

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")
# GB2312 and GBK are subsets of GB18030: decoding with the superset loses nothing and fails less.
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",
}
# What Chinese pages are written in beyond ASCII: ideographs, CJK and full-width punctuation,
# common symbols (·×°©℃①→■★), kana, emoji.
_CHINESE_PAGE = re.compile(
    "[\u00a0\u00a7\u00a9\u00ae\u00b0\u00b1\u00b7\u00d7\u00f7\u2000-\u27bf\u2e80-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U0001f000-\U0001faff]"
)
# C0 controls but tab, newline and carriage return, and DEL: a NUL cannot be stored in PostgreSQL's
# text, and a bell or an escape sequence in a title helps nobody.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-]+)""", re.I)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a saved page. Raises Rejected for empty, binary or truncated input."""
    if not data.strip():
        raise Rejected(_("空文件"))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"))
    _reject_binary(data)
    text = _strict(data, "utf-8", evidence=True)
    if text is not None and _odd(text) and not _says_utf8(data, declared):
        text = _chinese_reading(data, declared) or text
    if text is None:
        for encoding in _candidates(data, declared):
            text = _strict(data, encoding, evidence=False)
            if text is not None:
                break
    if text is None:
        text = _best_guess(data)
    return _checked(text)


def _odd(text: str) -> bool:
    """Mostly letters no Chinese page is made of: GBK bytes read as UTF-8 (一 -> һ, 陣 -> ꇁ)."""
    foreign = [ch for ch in text[:100_000] if not ch.isascii()]
    odd = sum(1 for ch in foreign if not _CHINESE_PAGE.match(ch))
    return bool(foreign) and odd > len(foreign) / 2


def _says_utf8(data: bytes, declared: str | None) -> bool:
    names = {(declared or "").lower(), declared_charset(data) or ""}
    return bool(names & {"utf-8", "utf8"})


def _chinese_reading(data: bytes, declared: str | None) -> str | None:
    """Short GBK byte runs can also be valid UTF-8; take the legacy reading when it is not odd."""
    for encoding in _candidates(data, declared):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _odd(text):
            return text
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset the page claims in <meta> or an XML declaration, if any."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def _candidates(data: bytes, declared: str | None) -> list[str]:
    names = [declared, declared_charset(data), "gb18030"]
    out = []
    for name in names:
        if not name:
            continue
        name = _ALIASES.get(name.strip().lower(), name.strip().lower())
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        if name not in out and name not in ("utf-8", "utf8"):
            out.append(name)
    return out


def _strict(data: bytes, encoding: str, evidence: bool) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        if _cut_mid_character(data, error, encoding, evidence):
            raise Rejected(_("不完整:文件在一个 %(encoding)s 字符的中间结束") % {"encoding": encoding}) from None
        return None


def _cut_mid_character(data: bytes, error: UnicodeDecodeError, encoding: str, evidence: bool) -> bool:
    """True when everything decodes except an incomplete sequence in the last bytes."""
    if error.end != len(data) or len(data) - error.start > 3:
        return False
    if not evidence:
        return True
    # For UTF-8 the head must read as Chinese to count: ASCII, or GBK that happens to be valid
    # UTF-8 (一 -> һ), proves nothing.
    head = data[: error.start].decode("utf-8")
    return not head.isascii() and not _odd(head)


def _reject_binary(data: bytes) -> None:
    sample = data[:65536]
    if sample.startswith(_BINARY_MAGIC) or sample.count(0) > max(1, len(sample) // 100):
        raise Rejected(_("不是文本:二进制内容"))


def _best_guess(data: bytes) -> str:
    match = from_bytes(data[:200_000]).best()
    if match is None:
        raise Rejected(_("不是文本:二进制内容"))
    return data.decode(match.encoding, errors="replace")


def _checked(text: str) -> str:
    """Reject decoded text that is mostly control characters or replacement marks."""
    sample = text[:65536]
    if not sample.strip():
        raise Rejected(_("空文件"))
    bad = sum(1 for ch in sample if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f"))
    if bad > len(sample) * 0.02:
        raise Rejected(_("不是文本:二进制内容"))
    return without_controls(text)


def without_controls(text: str) -> str:
    """The text without the control characters a page may carry by accident (a few NULs, a bell)."""
    return _CONTROLS.sub("", text)


def looks_truncated(text: str) -> bool:
    """An HTML page that opened <html> or <body>, never closes them, and stops mid-content:
    inside text, inside a tag, or right after an opening tag. (HTML may omit </body></html>, so a
    page ending cleanly on a closing tag is given the benefit of the doubt.)"""
    head = text[:20000].lower()
    if "<html" not in head and "<body" not in head:
        return False
    tail = re.sub(r"(<!--.*?-->|\s)+$", "", text[-3000:], flags=re.S)
    if re.search(r"</(body|html)>", tail, re.I):
        return False
    last_tag = _LAST_TAG.search(tail)
    if last_tag is None:
        return True
    closing, name = last_tag.group(1), last_tag.group(2).lower()
    return not closing and name not in _VOID_TAGS and not last_tag.group(0).endswith("/>")


_LAST_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^<>]*>$")
_VOID_TAGS = frozenset("br img hr meta link input wbr source area col embed param track".split())
