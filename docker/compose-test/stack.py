"""One compose project of the real docker-compose.yml under podman-compose, and HTTP to it.

`check.py` runs an operator's day against it. Each project has its own name, port, secrets and
import folder, so two can run side by side (the restore goes into a second, fresh one).
"""

import http.client
import json
import os
import re
import subprocess
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SERVICES = ("db", "redis", "web", "backup")
# Every podman command here (and podman-compose's) takes its settings from this file.
os.environ["CONTAINERS_CONF"] = str(HERE / "containers.conf")
# The host name a TLS proxy would pass on, and the header by which it says the client spoke https
# (the README's example proxy sets X-Forwarded-Proto; .env names it in DJANGO_SECURE_PROXY_SSL_HEADER).
HOST = "archive.example.org"
PROXY_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}


class Failed(Exception):
    """A step that did not hold: its message says what was expected and what came."""


def run(argv, *, env=None, timeout=300, check=True, input=None):
    """A command, its output captured; a failure raises Failed with the command's own words."""
    done = subprocess.run(argv, env=env, input=input, capture_output=True, text=True, timeout=timeout)  # noqa: S603
    if check and done.returncode != 0:
        raise Failed(
            f"{' '.join(map(str, argv[:6]))} … exited {done.returncode}: {(done.stderr or done.stdout)[-1500:]}"
        )
    return done


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    def cookies(self):
        """name -> value of the Set-Cookie headers (urllib's cookie jar would withhold the Secure
        ones over the proxy's plain-http hop, which is the point of this client)."""
        found = {}
        for value in self.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            found[name.strip()] = rest.split(";", 1)[0]
        return found


class Stack:
    def __init__(self, project, port, workdir, image, compose):
        self.project, self.port, self.image = project, port, image
        self.secrets = workdir / "secrets"
        self.imports = workdir / "import"
        self.compose_bin = compose
        self.files = ["-f", str(ROOT / "docker-compose.yml"), "-f", str(HERE / "override.yml")]

    def environment(self, image=None):
        env = dict(os.environ)
        env.update(
            ARCHIVE_IMAGE=image or self.image,
            ARCHIVE_PORT=str(self.port),
            ARCHIVE_BIND="127.0.0.1",
            ARCHIVE_SECRETS=str(self.secrets),
            ARCHIVE_IMPORT=str(self.imports),
            DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
            DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
            DJANGO_CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
            GUNICORN_WORKERS="2",
            ARCHIVE_HARVEST_CONTACT="compose-test@example.org",
        )
        return env

    def write_secrets(self):
        """What an operator makes before the first start (README, Deploying)."""
        import secrets

        self.secrets.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.imports.mkdir(parents=True, exist_ok=True)
        for name, size in (("django_secret_key", 50), ("postgres_password", 24)):
            path = self.secrets / name
            path.write_text(secrets.token_urlsafe(size) + "\n")
            # The app runs as uid 1000 in its container and reads the mounted file; the folder
            # (0700) keeps the host's other users out.
            path.chmod(0o644)

    def compose(self, *args, image=None, timeout=300, check=True):
        argv = [self.compose_bin, "-p", self.project, *self.files, *args]
        return run(argv, env=self.environment(image), timeout=timeout, check=check)

    def exec(self, service, *argv, env=(), timeout=300, check=True, input=None):
        """`docker compose exec SERVICE ...`, as the README tells operators (podman exec underneath,
        so that stdin can be given)."""
        options = [f"--env={name}={value}" for name, value in env]
        command = ["podman", "exec", *(["-i"] if input else []), *options, self.container(service), *argv]
        return run(command, env=self.environment(), timeout=timeout, check=check, input=input)

    def containers(self):
        done = run(
            [
                "podman",
                "ps",
                "-a",
                "--filter",
                f"label=io.podman.compose.project={self.project}",
                "--format",
                "{{.Names}}",
            ],
            env=self.environment(),
        )
        return done.stdout.split()

    def container(self, service):
        names = [n for n in self.containers() if re.fullmatch(rf"{re.escape(self.project)}[_-]{service}[_-]1", n)]
        if not names:
            raise Failed(f"no container for the {service} service of {self.project}")
        return names[0]

    def volumes(self):
        done = run(["podman", "volume", "ls", "--format", "{{.Name}}"], env=self.environment())
        return [v for v in done.stdout.split() if v.startswith(f"{self.project}_")]

    def wait_healthy(self, timeout=240):
        """Every service's healthcheck passes. Docker runs healthchecks itself; podman does so
        through systemd timers, and these machines have no systemd, so this runs each check as the
        timer would (`podman healthcheck run`), every second until it passes."""
        started = time.monotonic()
        pending = set(SERVICES)
        last = {}
        while pending:
            for service in sorted(pending):
                done = run(
                    ["podman", "healthcheck", "run", self.container(service)], env=self.environment(), check=False
                )
                if done.returncode == 0:
                    pending.discard(service)
                else:
                    last[service] = (done.stdout + done.stderr).strip()[-300:]
            if pending and time.monotonic() - started > timeout:
                raise Failed(f"not healthy within {timeout} s: {', '.join(sorted(pending))} ({last})")
            if pending:
                time.sleep(1)
        return time.monotonic() - started

    def logs(self, service, tail=40):
        try:
            return run(["podman", "logs", "--tail", str(tail), self.container(service)], check=False).stdout
        except Failed as error:
            return str(error)

    def request(self, method, path, *, headers=None, body=None, proxy=True, timeout=30):
        """One request to the published port, as the TLS proxy in front would pass it on (or, with
        proxy=False, as a client reaching the port directly). Redirects are returned, not followed."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        sent = {**(PROXY_HEADERS if proxy else {"Host": HOST}), **(headers or {})}
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        except OSError as error:
            raise Failed(f"{method} {path} on 127.0.0.1:{self.port}: {error}") from error
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def digest(self):
        """archive_digest's content line (a SHA-256 over the articles, copies, names, …) and its
        articles row count."""
        lines = self.exec("web", "python", "manage.py", "archive_digest").stdout.splitlines()
        return [line for line in lines if line.strip()]
