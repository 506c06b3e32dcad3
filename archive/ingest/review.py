"""Which imported articles a curator should look at: the importer's doubts, as ReviewFlag codes."""

from ..models import ReviewFlag
from .text_lines import BREADCRUMB_PREFIX, cjk_len, is_chrome, is_end_marker

SHORT_BODY = 120  # characters of Chinese text: less is a caption, a notice or a broken page
CHROME_LINES = 2  # navigation-like lines left in the body at which the page is flagged
_TINY = 4  # a paragraph of at most this many characters is a menu item or a button


def review_flags(title: str, body: str, published_at, source: str) -> str:
    flags = []
    if published_at is None:
        flags.append(ReviewFlag.NO_DATE)
    if not source:
        flags.append(ReviewFlag.NO_SOURCE)
    if cjk_len(body) < SHORT_BODY:
        flags.append(ReviewFlag.SHORT_BODY)
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if sum(1 for line in lines if _chrome_like(line)) >= CHROME_LINES:
        flags.append(ReviewFlag.CHROME)
    return ",".join(flags)


def _chrome_like(line: str) -> bool:
    return is_chrome(line) or is_end_marker(line) or bool(BREADCRUMB_PREFIX.match(line)) or len(line) <= _TINY
