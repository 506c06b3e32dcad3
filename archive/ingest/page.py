"""What a parser returns: one page, decoded and cleaned, not yet touching the database."""

from dataclasses import dataclass, field
from datetime import date, datetime

from .dates import SHANGHAI


class Rejected(Exception):
    """A file or record that cannot become an article. The message is the reason shown to the user."""


@dataclass
class ParsedPage:
    title: str
    body: str  # plain text, paragraphs separated by a blank line
    published_at: datetime | None = None  # aware, Asia/Shanghai
    author: str = ""
    source: str = ""  # the original publisher: 人民日报, 新华社, ...
    section: str = ""  # breadcrumb as captured: 政务动态>中央要闻
    url: str = ""
    site: str = ""  # the site the copy was captured on
    warnings: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # the page's metadata table: 发文字号 -> 国发〔2019〕5号
    captured_at: datetime | None = None  # when the page was captured (a WARC's WARC-Date); else at import

    @property
    def local_date(self) -> date | None:
        """The day of publication in China, as Article.local_date."""
        return self.published_at.astimezone(SHANGHAI).date() if self.published_at else None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]
