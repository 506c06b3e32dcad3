"""Result snippets and highlighting, built from the raw text: escape first, then insert <mark>."""

import re
from bisect import bisect_left, bisect_right
from itertools import islice

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The matches weighed when choosing a snippet's window: the first of a body that has hundreds.
WEIGHED = 200


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


def window_start(text: str, words, width: int) -> int:
    """Where the snippet of width characters that shows the query best begins: a third of its
    width before one of the matches. Best: the most whole words (a query's term, not a piece of a
    longer word of it), the longest of them, then the first. So 电信网络诈骗 written whole wins over
    电信网络 and 诈骗 apart earlier in the text, and pieces alone never move the window."""
    words = list(words)
    pattern = _pattern(words)
    matches = list(islice(pattern.finditer(text), WEIGHED)) if pattern else []
    if not matches:
        return 0
    folded = {w.casefold() for w in words if w}
    whole = {w for w in folded if not any(w != longer and w in longer for longer in folded)}
    starts, ends = [m.start() for m in matches], [m.end() for m in matches]
    best, best_key = 0, None
    for match in matches:
        start = max(0, match.start() - width // 3)
        inside = {m.group().casefold() for m in matches[bisect_left(starts, start) : bisect_right(ends, start + width)]}
        wholes = inside & whole
        key = (len(wholes), sum(map(len, wholes)), -start)
        if best_key is None or key > best_key:
            best, best_key = start, key
    return best


def snippet(body: str, words, width: int = 120, plain: bool = False) -> SafeString | str:
    """A window of the body where the words stand best (window_start), with the words marked
    (plain: as text, unmarked and unescaped, for a feed that escapes it itself)."""
    text = " ".join(body.split())
    start = window_start(text, words, width)
    window = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    if plain:
        return prefix + window + suffix
    return mark_safe(escape(prefix) + highlight(window, words) + escape(suffix))  # noqa: S308 (escaped)
