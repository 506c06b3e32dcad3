"""The container's entrypoint, run outside Docker with the environment the container gets: against a
fresh PostgreSQL database it waits, migrates and starts gunicorn, which serves the pages, the API
and the static files with DEBUG off; and when the database never answers it gives up in time."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
# The virtualenv running the suite (.venv of the checkout in CI): `python` and `gunicorn` come from it.
VENV_BIN = Path(sys.executable).parent
STARTUP_SECONDS = 120  # migrating a new database on a busy CI machine, then loading the segmenter


def container_environment(**extra):
    return {
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SECRET_KEY": "entrypoint-test-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "0",
        # Production is https only: the site sits behind a TLS proxy that says so in this header,
        # which the requests below send as that proxy would.
        "DJANGO_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "GUNICORN_WORKERS": "1",
        **extra,
    }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def postgres_database():
    """A new database on the PostgreSQL server of the suite's PostgreSQL pass, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("runs in the PostgreSQL pass (DATABASE_URL=postgres://...)")
    server = dj_database_url.parse(url)
    params = {k: server[k.upper()] or None for k in ("host", "port", "user", "password")}
    try:
        admin = psycopg.connect(**params, dbname="postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable in CI: {error}")
        pytest.skip(f"PostgreSQL is not reachable: {error}")
    name = f"archive_entrypoint_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield url.rsplit("/", 1)[0] + f"/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def collected_static(tmp_path):
    """collectstatic into a directory of the test's own, as the image's build does into var/."""
    root = tmp_path / "staticfiles"
    env = container_environment(DJANGO_STATIC_ROOT=str(root))
    subprocess.run(["python", "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    return root


def get(url):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (a URL of our own)
        return response.status, response.headers.get_content_type(), response.read()


def wait_until_served(process, url, log):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the entrypoint exited with {process.returncode}:\n{log.read_text()}")
        try:
            return get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail(f"nothing answered at {url} within {STARTUP_SECONDS} s:\n{log.read_text()}")


def test_the_entrypoint_migrates_a_new_database_and_serves_the_site(postgres_database, collected_static, tmp_path):
    port = free_port()
    static = str(collected_static)
    env = container_environment(DATABASE_URL=postgres_database, PORT=str(port), DJANGO_STATIC_ROOT=static)
    log = tmp_path / "entrypoint.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            [str(ENTRYPOINT)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        status, kind, page = wait_until_served(process, f"{base}/", log)
        assert (status, kind) == (200, "text/html")
        html = page.decode()
        assert "<title>政策档案</title>" in html
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
        assert get(base + stylesheet)[:2] == (200, "text/css")

        status, kind, body = get(f"{base}/api/articles/")
        assert (status, kind) == (200, "application/json")
        assert json.loads(body)["count"] == 0  # a new archive: migrated, reference data, no articles
        assert "公安部" in get(f"{base}/agencies/")[2].decode()  # the migration loaded the agencies

        # The image's HEALTHCHECK: /healthz over plain http (exempt from the https redirect), as
        # the first allowed host.
        health = healthcheck(port, env)
        assert health.returncode == 0 and '"database": "ok"' in health.stdout, health.stderr
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 0, log.read_text()  # gunicorn stops cleanly on SIGTERM
    # One access-log line per request, with the time it took.
    access = [line for line in log.read_text().splitlines() if '"GET /api/articles/ HTTP/1.1" 200' in line]
    assert len(access) == 1 and re.search(r" \d+ms ", access[0]), log.read_text()[-2000:]


def healthcheck(port, env):
    script = ROOT / "docker" / "healthcheck.py"
    return subprocess.run(
        ["python", str(script)], cwd=ROOT, env={**env, "PORT": str(port)}, capture_output=True, text=True, timeout=30
    )


def test_the_healthcheck_fails_when_nothing_answers():
    done = healthcheck(free_port(), container_environment())
    assert done.returncode == 1 and done.stderr.startswith("unhealthy: ")


def test_the_entrypoint_gives_up_on_a_database_that_never_answers():
    closed = free_port()
    env = container_environment(
        DATABASE_URL=f"postgres://archive:secret@127.0.0.1:{closed}/archive", DATABASE_WAIT_SECONDS="2"
    )
    started = time.monotonic()
    done = subprocess.run([str(ENTRYPOINT)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "did not answer within 2 s (DATABASE_WAIT_SECONDS)" in done.stderr
    assert f"127.0.0.1:{closed}" in done.stderr and "secret" not in done.stderr
    assert time.monotonic() - started < 30
