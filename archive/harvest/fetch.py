"""A polite HTTP client for the harvester, pure of the database: robots.txt obeyed, one request at a
time per host with a delay between them, conditional requests, bounded time, size and redirects,
retries with backoff. A fetch never raises: it returns a Fetched, with a Capture when a page came.

Built on the standard library's http.client: no dependency, and its socket timeouts and incremental
reads are what the time and size limits need. Asks for `Accept-Encoding: gzip, deflate` and
inflates the body itself, under the same size cap, so that a small compressed bomb is "too large"."""

import http.client
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote, urldefrag, urljoin, urlsplit

from protego import Protego

from ..captures.capture import Capture

FETCHED, NOT_MODIFIED, SKIPPED, FAILED = "fetched", "not modified", "skipped", "failed"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024
ALLOW_ALL = Protego.parse("")
DISALLOW_ALL = Protego.parse("User-agent: *\nDisallow: /\n")
# Characters left as they are in a request target; anything else (spaces, Chinese) is percent-encoded.
_SAFE = "/%:@!$&'()*+,;=?[]~"


@dataclass(frozen=True)
class Fetched:
    url: str  # the address asked for; capture.url is where it ended after redirects
    outcome: str  # FETCHED, NOT_MODIFIED, SKIPPED or FAILED
    capture: Capture | None = None  # when FETCHED
    reason: str = ""  # why SKIPPED or FAILED: "robots", "timeout", "HTTP 500 after 3 tries", ...
    etag: str = ""  # the validators to send next time
    last_modified: str = ""
    status: int = 0  # the last HTTP status answered, 0 when none was


class Failure(Exception):
    """A request that did not succeed; `retry` when trying again later may help."""

    def __init__(self, reason: str, retry: bool = False, status: int = 0):
        super().__init__(reason)
        self.reason, self.retry, self.status = reason, retry, status


@dataclass
class _Host:
    delay: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float | None = None  # on the Fetcher's clock, when the previous request to the host ended


class Fetcher:
    """Fetches pages for one harvest run. Settings come from the caller; `sleep` and `clock` are there
    for tests. `tries` counts every attempt, the first included; the n-th retry waits backoff * 2**(n-1)."""

    def __init__(
        self,
        user_agent: str,
        *,
        delay: float = 2.0,
        timeout: float = 10.0,
        deadline: float = 60.0,
        max_bytes: int = 10 * 2**20,
        max_redirects: int = 5,
        tries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.user_agent, self.delay, self.timeout, self.deadline = user_agent, delay, timeout, deadline
        self.max_bytes, self.max_redirects = max_bytes, max_redirects
        self.tries, self.backoff = max(1, tries), backoff
        self._sleep, self._clock = sleep, clock
        # robots.txt groups are matched on the product token: "policy-archive" of "policy-archive/1.0 (+...)".
        self.robot = user_agent.split("/", 1)[0].strip() or user_agent
        self._headers = {
            "User-Agent": user_agent,
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,*/*;q=0.8",
            "Accept-Encoding": "gzip, deflate",
            "Connection": "close",
        }
        self._robots: dict[str, tuple[Protego, str]] = {}  # origin -> (rules, why everything is disallowed)
        self._robots_lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
        """GET `url` politely. `etag` and `last_modified` are the validators of the copy the caller has."""
        validators = {"If-None-Match": etag, "If-Modified-Since": last_modified}
        try:
            return self._follow(url, {name: value for name, value in validators.items() if value})
        except Exception as error:  # the contract: odd input or an odd server is a failure, never an exception
            return Fetched(str(url), FAILED, reason=f"unexpected error: {error!r}")

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets this archive fetch `url` (an http(s) URL); reads it once per origin."""
        rules, _why = self._rules_for(url)
        return rules.can_fetch(url, self.robot)

    def _follow(self, url: str, validators: dict[str, str], obey_robots: bool = True) -> Fetched:
        """The request and its redirects, each hop checked against its own origin's robots.txt. The
        validators go with every hop: they came from where the same chain ended last time."""
        current, seen, status = url, set(), 0
        for _hop in range(self.max_redirects + 1):
            if problem := unfetchable(current):
                return Fetched(str(url), FAILED, reason=problem, status=status)
            current = urldefrag(current.strip()).url
            if current in seen:
                break
            seen.add(current)
            if obey_robots and not self.allowed(current):
                return Fetched(url, SKIPPED, reason=self._skip_reason(current))
            try:
                response = self._with_retries(current, validators)
            except Failure as failure:
                return Fetched(url, FAILED, reason=failure.reason, status=failure.status)
            status, location = response.status, response.header("Location").strip()
            if status not in REDIRECTS or not location:
                return _outcome(url, response, validators)
            current = urljoin(current, location)
        return Fetched(url, FAILED, reason="too many redirects", status=status)

    def _with_retries(self, url: str, validators: dict[str, str]) -> Capture:
        """A response below 500, or Failure: 5xx answers and network errors are tried again."""
        attempt = 1
        while True:
            try:
                response = self._polite_request(url, validators)
                if response.status < 500:
                    return response
                failure = Failure(f"HTTP {response.status}", retry=True, status=response.status)
            except Failure as error:
                failure = error
            if not failure.retry or attempt >= self.tries:
                if attempt > 1:
                    raise Failure(f"{failure.reason} after {attempt} tries", status=failure.status)
                raise failure
            if self.backoff > 0:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            attempt += 1

    def _polite_request(self, url: str, validators: dict[str, str]) -> Capture:
        """One request, after the host's delay since the previous one ended; one at a time per host."""
        host = self._host(urlsplit(url).hostname or "")
        with host.lock:
            if host.last is not None:
                wait = host.last + host.delay - self._clock()
                if wait > 0:
                    self._sleep(wait)
            try:
                return self._request(url, validators)
            finally:
                host.last = self._clock()

    def _request(self, url: str, validators: dict[str, str]) -> Capture:
        parts = urlsplit(url)
        kind = http.client.HTTPSConnection if parts.scheme.lower() == "https" else http.client.HTTPConnection
        connection, response = kind(parts.hostname, parts.port, timeout=self.timeout), None
        try:
            connection.request("GET", _target(parts), headers={**self._headers, **validators})
            response = connection.getresponse()
            captured_at = datetime.now(UTC)
            headers = tuple(response.getheaders())
            body = self._body(response) if 200 <= response.status < 300 else b""
            protocol = {9: "HTTP/0.9", 10: "HTTP/1.0"}.get(response.version, "HTTP/1.1")
            return Capture(url, captured_at, body, response.status, response.reason, headers, protocol)
        except http.client.InvalidURL:
            raise Failure("bad URL") from None
        except UnicodeError:
            raise Failure("bad host name") from None
        except (OSError, http.client.HTTPException) as error:
            raise Failure(network_reason(error), retry=not isinstance(error, ssl.SSLCertVerificationError)) from None
        finally:
            if response is not None:
                response.close()  # the response holds the socket open after the connection lets go of it
            connection.close()

    def _body(self, response: http.client.HTTPResponse) -> bytes:
        """The body as the page's bytes, read no further than max_bytes (before and after inflating)."""
        declared = response.getheader("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise Failure("too large")
        started, chunks, size = time.monotonic(), [], 0
        while chunk := response.read1(CHUNK):  # what has arrived: read() would wait for CHUNK bytes
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_bytes:
                raise Failure("too large")
            if time.monotonic() - started > self.deadline:
                raise Failure("timeout", retry=True)
        return decoded(b"".join(chunks), response.getheader("Content-Encoding", ""), self.max_bytes)

    def _host(self, name: str) -> _Host:
        with self._hosts_lock:
            return self._hosts.setdefault(name.lower(), _Host(self.delay))

    def _rules_for(self, url: str) -> tuple[Protego, str]:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._robots_lock:
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin, parts.hostname or "")
            return self._robots[origin]

    def _read_robots(self, origin: str, hostname: str) -> tuple[Protego, str]:
        """As Google reads robots.txt: a 4xx (but 429) allows everything; a 5xx or no answer
        disallows everything for this run. A Crawl-delay longer than the delay is kept."""
        fetched = self._follow(f"{origin}/robots.txt", {}, obey_robots=False)
        if fetched.outcome == FETCHED:
            rules, why = Protego.parse(fetched.capture.body.decode("utf-8", errors="replace")), ""
        elif 300 <= fetched.status < 500 and fetched.status != 429:
            rules, why = ALLOW_ALL, ""
        else:
            rules, why = DISALLOW_ALL, f"robots.txt unavailable ({fetched.reason})"
        crawl_delay = rules.crawl_delay(self.robot)
        if crawl_delay:
            host = self._host(hostname)
            host.delay = max(host.delay, crawl_delay)
        return rules, why

    def _skip_reason(self, url: str) -> str:
        _rules, why = self._rules_for(url)
        return f"robots: {why}" if why else "robots"


def _outcome(url: str, response: Capture, validators: dict[str, str]) -> Fetched:
    etag = response.header("ETag") or validators.get("If-None-Match", "")
    last_modified = response.header("Last-Modified") or validators.get("If-Modified-Since", "")
    if response.status == 304:
        return Fetched(url, NOT_MODIFIED, reason="not modified", etag=etag, last_modified=last_modified, status=304)
    if 200 <= response.status < 300:
        return Fetched(url, FETCHED, response, etag=etag, last_modified=last_modified, status=response.status)
    return Fetched(url, FAILED, reason=f"HTTP {response.status}", status=response.status)


def unfetchable(url: object) -> str:
    """Why `url` cannot be fetched, or "" when it can."""
    if not isinstance(url, str) or not url.strip():
        return "not a URL"
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- a port that is not a number raises here
    except ValueError:
        return "bad URL"
    if parts.scheme.lower() not in ("http", "https"):
        return "not http(s)"
    if not parts.hostname:
        return "no host"
    return ""


def _target(parts) -> str:
    """The request target: path and query, with anything not ASCII percent-encoded as UTF-8."""
    target = quote(parts.path or "/", safe=_SAFE)
    return f"{target}?{quote(parts.query, safe=_SAFE)}" if parts.query else target


def decoded(body: bytes, content_encoding: str, limit: int) -> bytes:
    """Undo Content-Encoding (gzip, deflate, in the order applied), never inflating past `limit` bytes."""
    codings = [coding.strip().lower() for coding in content_encoding.split(",") if coding.strip()]
    for coding in reversed(codings):
        if coding in ("gzip", "x-gzip"):
            body = _inflate(body, 16 + zlib.MAX_WBITS, limit, "gzip")
        elif coding == "deflate":
            # RFC 9110 says zlib-wrapped (a header whose first byte says method 8 and whose first two
            # bytes are a multiple of 31); some servers send raw deflate.
            wrapped = len(body) >= 2 and body[0] & 0x0F == 8 and (body[0] << 8 | body[1]) % 31 == 0
            body = _inflate(body, zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS, limit, "deflate")
        elif coding != "identity":
            raise Failure(f"unsupported Content-Encoding {coding}")
    return body


def _inflate(data: bytes, wbits: int, limit: int, name: str) -> bytes:
    inflater = zlib.decompressobj(wbits)
    try:
        page = inflater.decompress(data, limit + 1)
    except zlib.error:
        raise Failure(f"bad {name} body") from None
    if len(page) > limit:
        raise Failure("too large")
    if not inflater.eof:
        raise Failure(f"truncated {name} body")
    return page


def network_reason(error: Exception) -> str:
    """A short reason for what went wrong on the wire."""
    if isinstance(error, TimeoutError):
        return "timeout"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS certificate: {error.verify_message}"
    if isinstance(error, ssl.SSLError):
        return f"TLS: {error.reason or error}"
    if isinstance(error, socket.gaierror):
        return "host not found"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, http.client.RemoteDisconnected):
        return "closed without answering"
    if isinstance(error, ConnectionError):
        return "connection reset"
    if isinstance(error, http.client.IncompleteRead):
        return "incomplete response"
    if isinstance(error, http.client.HTTPException):
        return f"bad response ({type(error).__name__})"
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
