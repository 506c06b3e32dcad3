"""Read replicas on a real streaming pair: a primary and a hot standby made by initdb, pg_basebackup
and pg_ctl on 127.0.0.1 ports of their own, in a temporary folder, as the postgres system user
(initdb refuses root). The site runs under gunicorn with DATABASE_REPLICA_URLS naming the standby.

The routes are told apart by pausing the standby's replay: an article imported meanwhile is on the
primary only, so a request that finds it read the primary and one that does not read the replica.
Marked `replica`; in CI a missing PostgreSQL server binary or postgres user is a failure.
"""

import http.cookiejar
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .test_faults import ROOT, base_env, free_port, serve

pytestmark = pytest.mark.replica

PASSWORD = "replica-test-curator-7Hq"  # noqa: S105 (a throwaway user of a throwaway cluster)


def unavailable(why):
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        unavailable("no PostgreSQL server binaries under /usr/lib/postgresql")
    return found[-1].parent


class Cluster:
    """One PostgreSQL cluster in a folder of its own, run as the postgres system user."""

    def __init__(self, bindir, folder, port):
        self.bindir, self.data, self.port = bindir, folder / f"data-{port}", port
        self.log = folder / f"log-{port}.txt"

    def run(self, program, *args):
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def start(self):
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start",
                 "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''")  # fmt: skip

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop")

    def url(self, name="archive"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def sql(self, statement, name="archive"):
        import psycopg

        with psycopg.connect(self.url(name), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchone() if cursor.description else None


@pytest.fixture(scope="module")
def pair():
    """A migrated primary and its streaming standby, stopped and removed afterwards."""
    bindir = postgres_bin()
    try:
        owner = pwd.getpwnam("postgres")
    except KeyError:
        unavailable("no postgres system user to run initdb as")
    if os.geteuid() not in (0, owner.pw_uid):
        unavailable("initdb must run as the postgres system user: run the suite as root or as postgres")
    folder = Path(tempfile.mkdtemp(prefix="archive-replicas-"))
    os.chown(folder, owner.pw_uid, owner.pw_gid)
    primary, standby = Cluster(bindir, folder, free_port()), Cluster(bindir, folder, free_port())
    started = []
    try:
        primary.run(
            "initdb", "-D", str(primary.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"
        )
        primary.start()
        started.append(primary)
        primary.sql("CREATE DATABASE archive", name="postgres")
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True,
                       env=base_env(DATABASE_URL=primary.url()))  # fmt: skip
        # -R writes standby.signal and the primary's address: the copy starts as a streaming replica.
        standby.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                    "-D", str(standby.data), "-X", "stream", "-R", "--checkpoint=fast", "--no-sync")  # fmt: skip
        standby.start()
        started.append(standby)
        assert standby.sql("SELECT pg_is_in_recovery()")[0] is True
        yield primary, standby
    finally:
        for cluster in reversed(started):
            try:
                cluster.stop("immediate")
            except subprocess.CalledProcessError:
                pass  # already stopped by a test
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def site(pair, tmp_path_factory):
    """gunicorn over the pair, plain http, with a curator who can sign in."""
    primary, standby = pair
    env = base_env(
        DATABASE_URL=primary.url(),
        DATABASE_REPLICA_URLS=standby.url(),
        ARCHIVE_REPLICA_RETRY_SECONDS="1",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SESSION_COOKIE_SECURE="0",
        DJANGO_CSRF_COOKIE_SECURE="0",
        ARCHIVE_ORIGINALS_ROOT=str(tmp_path_factory.mktemp("originals")),
        ARCHIVE_CURATOR_PASSWORD=PASSWORD,
    )
    subprocess.run([sys.executable, "manage.py", "create_curator", "curator"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    server, base = serve(env)
    try:
        yield Site(base, env, primary, standby)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


class Site:
    def __init__(self, base, env, primary, standby):
        self.base, self.env, self.primary, self.standby = base, env, primary, standby
        self.anonymous = urllib.request.build_opener()
        self.curator = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.imported = 0

    def get(self, path, opener=None):
        try:
            with (opener or self.anonymous).open(f"{self.base}{path}", timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self):
        _, page = self.get("/admin/login/", self.curator)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode(
            {"username": "curator", "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"}
        ).encode()
        with self.curator.open(f"{self.base}/admin/login/", data=form, timeout=30) as response:
            assert response.url.endswith("/admin/"), "the curator could not sign in"

    def import_article(self, title, body):
        """An article on the primary, through the importer; returns the primary's WAL position after it."""
        self.imported += 1
        folder = Path(tempfile.mkdtemp(prefix="replica-import-"))
        try:
            record = {
                "title": title,
                "body": body,
                "date": f"2021-06-{self.imported:02d}",
                "url": f"https://www.example.gov.cn/replica/{self.imported}.html",
                "source": "公安部",
            }
            path = folder / "articles.jsonl"
            path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            subprocess.run([sys.executable, "manage.py", "import_articles", str(path)], cwd=ROOT, env=self.env,
                           check=True, capture_output=True)  # fmt: skip
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return self.primary.sql("SELECT pg_current_wal_lsn()::text")[0]

    def caught_up(self, lsn):
        deadline = time.monotonic() + 30
        while not self.standby.sql(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn")[0]:
            assert time.monotonic() < deadline, "the standby did not catch up"
            time.sleep(0.1)

    def text(self, path, opener=None):
        """A page's text without its markup (a search's words are marked up in the titles)."""
        status, body = self.get(path, opener)
        assert status == 200, body[:300]
        return re.sub(r"<[^>]+>", "", body)

    def count(self, q, opener=None):
        status, body = self.get(f"/api/articles/?q={urllib.parse.quote(q)}", opener)
        assert status == 200, body[:300]
        return json.loads(body)["count"]


FIRST = ("反诈宣传走进社区", "多地公安机关开展反诈宣传，提醒群众防范电信网络诈骗。")
SECOND = ("断卡行动第二阶段部署会召开", "会议部署断卡行动第二阶段工作，严厉打击买卖银行卡和电话卡的违法犯罪。")
THIRD = ("云剑行动年度通报发布", "云剑行动年度通报显示，追逃工作取得新进展。")


def test_public_requests_read_the_replica_and_a_curator_the_primary(site):
    site.caught_up(site.import_article(*FIRST))
    assert site.count("反诈宣传") == 1  # the replica has what the primary had
    site.standby.sql("SELECT pg_wal_replay_pause()")
    try:
        site.import_article(*SECOND)
        assert site.primary.sql("SELECT count(*) FROM archive_article")[0] == 2
        # Public: the list page, the API and the export read the replica, which has not the new article.
        assert site.count("第二阶段部署") == 0
        assert SECOND[0] not in site.text(f"/?q={urllib.parse.quote('断卡')}")
        status, export = site.get(f"/export.jsonl?q={urllib.parse.quote('断卡')}")
        assert status == 200 and SECOND[0] not in export
        # A curator, signed in, reads the primary: the admin and the public pages alike.
        site.sign_in()
        assert SECOND[0] in site.text(f"/admin/archive/article/?q={urllib.parse.quote('第二阶段部署')}", site.curator)
        assert SECOND[0] in site.text(f"/?q={urllib.parse.quote('断卡')}", site.curator)
        assert site.count("第二阶段部署", site.curator) == 1
        status, export = site.get(f"/export.jsonl?q={urllib.parse.quote('断卡')}", site.curator)
        assert status == 200 and SECOND[0] in export
    finally:
        site.standby.sql("SELECT pg_wal_replay_resume()")
    site.caught_up(site.primary.sql("SELECT pg_current_wal_lsn()::text")[0])
    assert site.count("第二阶段部署") == 1  # replayed: the public sees it too
    assert SECOND[0] in site.text(f"/?q={urllib.parse.quote('断卡')}")


def test_the_site_reads_the_primary_while_the_replica_is_down_and_the_replica_again_after(site):
    site.standby.stop("immediate")
    try:
        lsn = site.import_article(*THIRD)
        # The replica is down: public requests read the primary, which has the new article.
        assert site.count("云剑行动年度通报") == 1
        assert THIRD[0] in site.text(f"/?q={urllib.parse.quote('云剑行动年度通报')}")
        status, body = site.get("/healthz")
        health = json.loads(body)
        assert status == 200 and health["database"] == "ok" and health["replicas"] == {"replica1": "unavailable"}
    finally:
        site.standby.start()
    site.caught_up(lsn)
    time.sleep(1.2)  # ARCHIVE_REPLICA_RETRY_SECONDS: the replica is tried again
    site.standby.sql("SELECT pg_wal_replay_pause()")
    try:
        site.import_article("昆仑行动成果发布", "昆仑行动成果发布会介绍了打击食品药品犯罪的成果。")
        assert site.count("昆仑行动成果") == 0  # back on the replica, whose replay is paused
        assert json.loads(site.get("/healthz")[1])["replicas"] == {"replica1": "ok"}
    finally:
        site.standby.sql("SELECT pg_wal_replay_resume()")
