"""The names of downloads: after the search and the day (articles_断卡_公安部_2026-12-03.csv), sent in a
Content-Disposition that browsers read (RFC 6266: an ASCII `filename`, and the name itself in UTF-8 as
`filename*`). Pure but for the day, which is the archive's (Beijing) date unless given."""

import re
from datetime import date
from urllib.parse import quote

from django.utils import timezone
from django.utils.http import content_disposition_header

NOT_SEARCH = {"sort", "page", "predecessors"}  # how results are shown, not what was asked for
SEARCH_CHARACTERS = 50  # of the search's words in a name, so the whole stays well under 255 bytes
# Runs of what a file name must not hold: controls, spaces, path separators, what Windows refuses,
# what would end a header parameter, and the percent sign of encoded names.
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\s/\\:*?\"<>|;,%'`]+")
_NOT_ASCII_WORD = re.compile(r"[^A-Za-z0-9.-]+")


def search_words(cleaned_data: dict) -> list[tuple[str, str]]:
    """What a search asked for, in its form's order: each word as written (a name, a year, a date)
    and in ASCII (a slug, or the word without what is not ASCII)."""
    words = []
    for name, value in cleaned_data.items():
        if name in NOT_SEARCH or value in (None, ""):
            continue
        for item in value if isinstance(value, list | tuple) or hasattr(value, "model") else [value]:
            shown = item.isoformat() if isinstance(item, date) else str(item)
            words.append((shown, getattr(item, "slug", shown)))
    return words


def _safe(word: str, pattern=_UNSAFE) -> str:
    return pattern.sub("_", word).strip("._-")


def _joined(stem: str, words: list[str], day: str, extension: str) -> str:
    kept, length = [], 0
    for word in filter(None, words):
        if length + len(word) > SEARCH_CHARACTERS:
            break
        kept.append(word)
        length += len(word) + 1
    return "_".join([stem, *kept, day]) + f".{extension}"


def file_names(stem: str, words: list[tuple[str, str]], extension: str, day: date | None = None) -> tuple[str, str]:
    """The file's name, and the ASCII name for clients that do not read filename*."""
    day = (day or timezone.localdate()).isoformat()
    name = _joined(stem, [_safe(shown) for shown, _ in words], day, extension)
    fallback = _joined(stem, [_safe(ascii_form, _NOT_ASCII_WORD) for _, ascii_form in words], day, extension)
    return name, fallback


def attachment(stem: str, words: list[tuple[str, str]], extension: str, day: date | None = None) -> str:
    """The Content-Disposition of a download named after its search and day."""
    name, fallback = file_names(stem, words, extension, day)
    header = content_disposition_header(True, fallback)
    return header if name == fallback else f"{header}; filename*=utf-8''{quote(name, safe='')}"
