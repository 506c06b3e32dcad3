"""Faults outside the code: the importer killed mid-batch, the database gone while the site serves.

Each test runs `manage.py` in a subprocess against a database of its own, which the test also reads:
a temporary SQLite file, or (when the suite runs on PostgreSQL, DATABASE_URL set) a fresh PostgreSQL
database copied from one migrated template and dropped afterwards. The site's test always uses
PostgreSQL, through a TCP proxy that the test cuts and restores (the shared server keeps running).
"""

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ..hostile import jsonl, record

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def pg_url(name, port=5432):
    return f"postgres://postgres@127.0.0.1:{port}/{name}"


RECORDS, PER_FILE = 1000, 100


def manage(*args, env, **kwargs):
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, **kwargs)


def base_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ARCHIVE_SQLITE_PATH")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="0", **extra)
    return env


def pg_connect(url):
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")


class Database:
    """One throwaway database both this process and a subprocess can see."""

    def __init__(self, env, connect, vendor):
        self.env, self.connect, self.vendor = env, connect, vendor

    def scalar(self, sql):
        conn = self.connect()
        try:
            cursor = conn.cursor()
            cursor.execute(sql)
            return cursor.fetchone()[0]
        finally:
            conn.close()


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    """A migrated database to copy: migrating takes 10 to 20 s, copying well under one."""
    vendor = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    if vendor == "sqlite":
        path = tmp_path_factory.mktemp("faults") / "template.sqlite3"
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True,
                       env=base_env(ARCHIVE_SQLITE_PATH=str(path)))  # fmt: skip
        yield vendor, path
        return
    name = f"faults_template_{os.getpid()}"
    server = pg_connect(SERVER)
    server.execute(f"DROP DATABASE IF EXISTS {name}")
    server.execute(f"CREATE DATABASE {name}")
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True,
                       env=base_env(DATABASE_URL=pg_url(name)))  # fmt: skip
        yield vendor, name
    finally:
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        server.close()


@pytest.fixture
def database(template, tmp_path):
    vendor, source = template
    if vendor == "sqlite":
        path = tmp_path / "archive.sqlite3"
        shutil.copy(source, path)
        yield Database(base_env(ARCHIVE_SQLITE_PATH=str(path)), lambda: sqlite3.connect(path, timeout=20), vendor)
        return
    name = f"faults_{os.getpid()}_{time.monotonic_ns()}"
    server = pg_connect(SERVER)
    server.execute(f"CREATE DATABASE {name} TEMPLATE {source}")
    url = pg_url(name)
    try:
        yield Database(base_env(DATABASE_URL=url), lambda: pg_connect(url), vendor)
    finally:
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        server.close()


# The importer killed mid-batch


def write_records(folder: Path, files: int) -> Path:
    folder.mkdir()
    per_file = RECORDS // files
    for f in range(files):
        rows = [record(n, url=f"https://k.test/{n}") for n in range(f * per_file, (f + 1) * per_file)]
        (folder / f"batch{f:03}.jsonl").write_bytes(jsonl(rows))
    return folder


def wait_for(condition, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the import ended before it could be killed"
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def kill(process):
    """SIGKILL to the importer itself, as the OOM killer would; then its segmenting workers, which
    a killed parent leaves behind."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def assert_no_partial_article(db: Database):
    """Every article has what an import writes for it: a copy, its mentions (each record names
    中国人民银行 and quotes “断卡”), its figures, its fingerprint and its index rows."""
    index = "archive_search WHERE rowid" if db.vendor == "sqlite" else "archive_search WHERE article_id"
    for table, column in [
        ("archive_copy", "article_id"),
        ("archive_agencymention", "article_id"),
        ("archive_campaignmention", "article_id"),
        ("archive_figure", "article_id"),
        ("archive_fingerprint", "article_id"),
    ]:
        missing = (
            f"SELECT count(*) FROM archive_article a WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {column} = a.id)"
        )
        assert db.scalar(missing) == 0, f"articles without {table}"
    assert db.scalar(f"SELECT count(*) FROM archive_article a WHERE NOT EXISTS (SELECT 1 FROM {index} = a.id)") == 0
    assert db.scalar("SELECT count(*) FROM archive_agencymention") == db.scalar("SELECT count(*) FROM archive_article")


def rerun(db, folder):
    done = manage("import_articles", str(folder), env=db.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, out + err
    assert db.scalar("SELECT count(*) FROM archive_article") == RECORDS
    assert_no_partial_article(db)
    return [line for line in out.splitlines() if ".jsonl: " in line]


def articles(db):
    return db.scalar("SELECT count(*) FROM archive_article")


def test_an_import_killed_between_files_keeps_whole_files_and_a_rerun_finishes(database, tmp_path):
    """Each file is one transaction: a kill keeps the files committed before it, whole, and loses
    the one in progress; the rerun calls the kept ones unchanged and imports the rest."""
    folder = write_records(tmp_path / "import", files=RECORDS // PER_FILE)
    process = manage("import_articles", str(folder), env=database.env, start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    wait_for(lambda: articles(database) >= 2 * PER_FILE, process)
    kill(process)
    kept = articles(database)
    assert 0 < kept < RECORDS and kept % PER_FILE == 0, kept
    assert_no_partial_article(database)

    lines = rerun(database, folder)
    assert sum(line.endswith(f": {PER_FILE} unchanged") for line in lines) == kept // PER_FILE
    assert sum(line.endswith(f": {PER_FILE} created") for line in lines) == (RECORDS - kept) // PER_FILE


def holds_a_write_transaction(db: Database) -> bool:
    if db.vendor == "sqlite":
        conn = db.connect()
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.rollback()
            return False
        except sqlite3.OperationalError:
            return True  # the importer holds the write lock: its transaction is open
        finally:
            conn.close()
    sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL"
    return db.scalar(sql) > 0  # a transaction that has written


def test_an_import_killed_inside_its_one_file_leaves_nothing_and_a_rerun_imports_all(database, tmp_path):
    """A .jsonl is one transaction: killed partway through its records, it leaves no row."""
    folder = write_records(tmp_path / "import", files=1)
    process = manage("import_articles", str(folder), env=database.env, start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    wait_for(lambda: holds_a_write_transaction(database), process)
    time.sleep(0.5)  # some batches into the file
    kill(process)
    assert articles(database) == 0
    assert database.scalar("SELECT count(*) FROM archive_copy") == 0
    assert rerun(database, folder) == [f"{folder / 'batch000.jsonl'}: {RECORDS} created"]


# The database gone while the site serves


class Proxy:
    """A TCP proxy to PostgreSQL that can be cut (connections reset, new ones refused) and restored
    on the same port: the database going away and coming back, without touching the shared server."""

    def __init__(self, target=("127.0.0.1", 5432)):
        self.target, self.sockets, self.listener = target, [], None
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept(), which close() alone does not
        except OSError:
            pass
        self.listener.close()
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self.sockets = []

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def fetch(url):
    try:
        request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (a local test server)
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def serve(env):
    """gunicorn with one worker over this checkout on a free port of 127.0.0.1, answering /healthz:
    (the process, its base URL). Stop it with os.killpg(process.pid, SIGTERM)."""
    port = free_port()
    site = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            fetch(f"{base}/healthz")
            return site, base
        except OSError:
            if time.monotonic() > deadline or site.poll() is not None:
                os.killpg(site.pid, signal.SIGTERM)
                raise AssertionError("the site did not start") from None
            time.sleep(0.2)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def pg_database(tmp_path):
    """A fresh, migrated PostgreSQL database, whatever database the suite runs on."""
    name = f"faults_site_{os.getpid()}"
    server = pg_connect(SERVER)
    server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    server.execute(f"CREATE DATABASE {name}")
    try:
        yield name
    finally:
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        server.close()


def test_the_site_answers_503_while_the_database_is_away_and_recovers_by_itself(pg_database):
    proxy = Proxy()
    proxy.start()
    url = f"postgres://postgres@127.0.0.1:{proxy.port}/{pg_database}"
    # https only in production: the requests below come as from the TLS proxy, which says so.
    env = base_env(
        DATABASE_URL=url, DJANGO_ALLOWED_HOSTS="127.0.0.1", DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    site, site_url = serve(env)
    try:
        pages = ("/agencies/", "/campaigns/duanka/", "/articles/1/", "/api/articles/?q=%E6%96%AD%E5%8D%A1")
        assert fetch(f"{site_url}/agencies/")[0] == 200
        status, _, body = fetch(f"{site_url}/healthz")
        assert status == 200 and json.loads(body)["database"] == "ok"

        proxy.cut()
        # The list page may answer from the columns it holds in memory, and the admin login page
        # needs no database: neither is asked here.
        for path in pages:
            status, headers, body = fetch(f"{site_url}{path}")
            assert status == 503, (path, status, body[:500])
            assert headers["Content-Type"].startswith("text/plain") and headers["Retry-After"]
            assert "Traceback" not in body and "OperationalError" not in body and len(body) < 300
        status, headers, body = fetch(f"{site_url}/healthz")
        assert status == 503 and json.loads(body)["database"] == "unavailable"

        proxy.start()
        assert fetch(f"{site_url}/agencies/")[0] == 200
        assert fetch(f"{site_url}/healthz")[0] == 200
    finally:
        os.killpg(site.pid, signal.SIGTERM)
        site.wait(timeout=30)
        proxy.cut()
