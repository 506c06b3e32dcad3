"""The sites the harvester's tests serve themselves on 127.0.0.1 (nothing else is ever contacted)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Site:
    """What the server answers and what it was asked. A route is a list of answers given in turn, the
    last one again once the others are used; an answer is (status, headers, body) or a function of
    the request handler."""

    def __init__(self, port: int):
        self.port, self.routes, self.requests = port, {}, []
        self.released = threading.Event()  # set when the test ends: slow answers stop waiting
        self.done = threading.Event()
        self.sent = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, *answers) -> None:
        self.routes[path] = list(answers)

    def asked(self, path: str) -> list:
        """The headers of each request for `path`."""
        return [headers for asked, headers in self.requests if asked == path]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        site = self.server.site
        site.requests.append((self.path, self.headers))
        answers = site.routes.get(self.path, [(404, {}, b"not here")])
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        try:
            answer(self) if callable(answer) else self.answer(*answer)
        except OSError:
            pass  # the client went away, as it should have

    def answer(self, status: int, headers: dict, body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.site = Site(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server.site
    server.site.released.set()
    server.shutdown()
    server.server_close()
