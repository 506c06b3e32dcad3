"""Which imported articles a curator should look at: the importer's doubts, as ReviewFlag codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .text_lines import BREADCRUMB_PREFIX, cjk_len, ends_with_navigation, is_chrome, is_end_marker


class ReviewFlag(models.TextChoices):
    """Why the importer was unsure of an article (Article.review_flags holds the codes, comma-separated)."""

    NO_DATE = "no_date", _("无发布日期")
    NO_SOURCE = "no_source", _("无来源")
    SHORT_BODY = "short_body", _("正文过短")
    CHROME = "chrome", _("残留栏目文字")


SHORT_BODY = 120  # characters of Chinese text: less is a caption, a notice or a broken page
CHROME_LINES = 2  # navigation-like lines left in the body at which the page is flagged (one, if it is the last)
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
    if sum(1 for line in lines if _chrome_like(line)) >= CHROME_LINES or (lines and _chrome_at_the_end(lines[-1])):
        flags.append(ReviewFlag.CHROME)
    return ",".join(flags)


def _chrome_at_the_end(line: str) -> bool:
    """Site text collects at the end of a body: one such line there is enough (a short closing line
    such as （完） is not)."""
    return is_chrome(line) or is_end_marker(line) or ends_with_navigation(line)


def _chrome_like(line: str) -> bool:
    return is_chrome(line) or is_end_marker(line) or bool(BREADCRUMB_PREFIX.match(line)) or len(line) <= _TINY
