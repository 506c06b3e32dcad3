"""One HTTP response as it was captured: what a WARC response record holds, and what the importer,
the harvester and the WARC export pass between them. Pure: no database."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Capture:
    url: str  # the address that answered (WARC-Target-URI)
    captured_at: datetime  # aware, when the response arrived (WARC-Date)
    body: bytes  # the entity body as the page's bytes: chunked transfer and Content-Encoding undone
    status: int = 200
    reason: str = "OK"
    # The response's HTTP headers as sent, in order (Content-Encoding and Transfer-Encoding describe
    # the transfer, not `body`, and are dropped when the capture is written again).
    headers: tuple[tuple[str, str], ...] = field(default=())
    protocol: str = "HTTP/1.1"

    def header(self, name: str, default: str = "") -> str:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), default)

    @property
    def content_type(self) -> str:
        """The media type alone, lower case: text/html for `text/html; charset=gbk`."""
        return self.header("Content-Type").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header names, lower case (gbk), or None."""
        charset = self.header("Content-Type").lower().partition("charset=")[2].split(";")[0].strip(" \"'")
        return charset or None


@dataclass
class Originals:
    """What a file's pages were made from, by the SHA-256 of their bytes (a Copy's raw_hash), and
    what the file held that was not a page (a WARC's 404s, images, requests ...), counted by kind."""

    captures: dict[str, Capture] = field(default_factory=dict)
    skipped: Counter = field(default_factory=Counter)
