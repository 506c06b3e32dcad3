"""Result snippets and highlighting, built from the raw text: escape first, then insert <mark>."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _pattern(words):
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


def highlight(text: str, words) -> SafeString:
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece above was escaped)


def snippet(body: str, words, width: int = 120, plain: bool = False) -> SafeString | str:
    """A window of the body around the first matched word, with the words marked (plain: as text,
    unmarked and unescaped, for a feed that escapes it itself)."""
    text = " ".join(body.split())
    pattern = _pattern(words)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - width // 3) if match else 0
    window = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    if plain:
        return prefix + window + suffix
    return mark_safe(escape(prefix) + highlight(window, words) + escape(suffix))  # noqa: S308 (escaped)
