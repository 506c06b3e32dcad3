"""`make compose-test`: an operator's day with the real docker-compose.yml, under podman-compose.

Builds the image, starts the stack and waits for every healthcheck, reads the pages over HTTP on
127.0.0.1 as the TLS proxy passes them on, imports a page and finds it, makes a curator who logs in
through the admin's form, backs up and restores into a fresh stack (the digests equal), restarts
and upgrades to an image with one more migration, and takes everything down. A line per step with
its figures; exit 0 only if every step held. setup.sh makes the images it needs first.
"""

import json
import re
import signal
import socket
import sys
import time
import urllib.parse
from pathlib import Path

from stack import HOST, ROOT, Failed, Stack, run

STATE = ROOT / "var" / "compose-test"
COMPOSE = str(STATE / "podman-compose" / "bin" / "podman-compose")
IMAGE = "localhost/policy-archive:compose-test"
UPGRADE_IMAGE = "localhost/policy-archive:compose-test-upgrade"
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "000_fa2acf3d762a095f.txt"
DEMO = ROOT / "archive" / "fixtures" / "demo" / "articles.jsonl"
CURATOR, PASSWORD = "compose-curator", "Curator-pass-7f3Q!x"
# The CA bundle of a machine behind an https-intercepting proxy, for pip in the image's first stage.
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def expect(condition, message):
    if not condition:
        raise Failed(message)


def step(number, title):
    def decorate(function):
        function.step = (number, title)
        return function

    return decorate


@step(1, "build the image")
def build(main, other):
    args = "--format docker"  # keeps the Dockerfile's HEALTHCHECK (OCI images have none)
    if CA_BUNDLE.exists():
        args += f" --volume {CA_BUNDLE}:/run/build-ca.crt:ro --build-arg PIP_CERT=/run/build-ca.crt"
    started = time.monotonic()
    main.compose("--podman-build-args", args, "build", "web", timeout=900)
    seconds = time.monotonic() - started
    size = int(run(["podman", "image", "inspect", "--format", "{{.Size}}", IMAGE]).stdout)
    config = run(
        ["podman", "image", "inspect", "--format", "{{.Config.User}} {{json .Config.Healthcheck}}", IMAGE]
    ).stdout
    expect(config.startswith("archive "), f"the image runs as {config.split()[0]!r}, not the archive user")
    expect("healthcheck.py" in config, "the image has no HEALTHCHECK")
    expect(size < 400e6, f"the image is {size / 1e6:.0f} MB, over 400 MB")
    tools = run(
        [
            "podman",
            "run",
            "--rm",
            "--entrypoint",
            "sh",
            IMAGE,
            "-c",
            "for t in gcc cc pip apt-get; do command -v $t; done",
        ],
        check=False,
    ).stdout
    expect(tools.split() == ["/usr/bin/apt-get"], f"the image carries build tools: {tools.split()}")
    return f"{size / 1e6:.0f} MB, built in {seconds:.0f} s, user archive, HEALTHCHECK, no compiler or pip"


@step(2, "up -d, every healthcheck passes")
def up(main, other):
    main.write_secrets()
    main.compose("up", "-d")
    seconds = main.wait_healthy()
    web = main.container("web")
    readonly = run(["podman", "inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", web]).stdout.strip()
    expect(readonly == "true", "the web container's root filesystem is writable")
    user = main.exec("web", "id", "-u").stdout.strip()
    expect(user != "0", "the web service runs as root")
    capabilities = re.search(r"CapEff:\s*(\w+)", main.exec("web", "cat", "/proc/1/status").stdout)
    expect(capabilities and int(capabilities.group(1), 16) == 0, "the web service holds capabilities")
    written = main.exec("web", "touch", "/app/written", check=False)
    expect(written.returncode != 0, "the web service could write to its root filesystem")
    env = main.exec("web", "env").stdout
    deadline = time.monotonic() + 60
    while "0 harvests run" not in main.logs("harvester"):  # it waits for the migrations, then harvests
        expect(time.monotonic() < deadline, f"the harvester did not run: {main.logs('harvester')}")
        time.sleep(1)
    key = (main.secrets / "django_secret_key").read_text().strip()
    expect(key not in env, "the secret key is in the web service's environment")
    return (
        f"healthy in {seconds:.1f} s; web as uid {user}, no capabilities, read-only root, no secret in its"
        " environment; the harvester ran"
    )


@step(3, "the pages over HTTP, production settings")
def pages(main, other):
    health = main.get("/healthz", proxy=False)
    expect(health.status == 200 and health.json()["database"] == "ok", f"/healthz: {health.status} {health.text[:200]}")
    plain = main.get("/", proxy=False)
    expect(
        plain.status == 301 and plain.headers["Location"].startswith("https://"),
        f"plain http is not sent to https: {plain.status}",
    )
    listing = main.get("/?q=%E6%96%AD%E5%8D%A1")
    expect(listing.status == 200 and 'name="q"' in listing.text, f"the list page: {listing.status}")
    expect("max-age=31536000" in (listing.headers["Strict-Transport-Security"] or ""), "no HSTS over https")
    expect("default-src 'self'" in (listing.headers["Content-Security-Policy"] or ""), "no Content-Security-Policy")
    api = main.get("/api/articles/")
    expect(api.status == 200 and "results" in api.json(), f"the API: {api.status} {api.text[:200]}")
    css = re.search(r'href="(/static/[^"]+\.css)"', listing.text)
    expect(css, "the list page links no stylesheet")
    static = main.get(css.group(1))
    expect(
        static.status == 200 and static.headers["Content-Type"].startswith("text/css") and len(static.body) > 100,
        f"{css.group(1)}: {static.status}, {len(static.body)} bytes",
    )
    cached = main.exec("redis", "redis-cli", "--scan", "--pattern", "archive:*facets*").stdout.split()
    expect(cached, "the list page's facet counts are not in the shared Redis cache")
    login = main.get("/admin/login/")
    expect(login.status == 200 and "csrfmiddlewaretoken" in login.text, f"the admin login page: {login.status}")
    logged = main.logs("web", tail=200)
    expect(
        re.search(r'203\.0\.113\.9 .*"GET /api/articles/ HTTP/1\.[01]" 200', logged),
        "no access-log line for the API request",
    )
    pages = f"/healthz, /, /api/articles/, {css.group(1)}, /admin/login/"
    return f"{pages}: 200; plain http → 301 https; one access-log line each; facet counts in Redis"


def page_to_import(folder):
    """The archive's first document (the seed, from ../shared/corpus) when it is there, else a
    demo article of the project's own."""
    if SEED.exists():
        target = folder / SEED.name
        target.write_bytes(SEED.read_bytes())
        return target, "电信网络诈骗"
    record = DEMO.read_text(encoding="utf-8").splitlines()[0]
    target = folder / "demo.jsonl"
    target.write_text(record + "\n", encoding="utf-8")
    return target, json.loads(record)["title"][:4]


@step(4, "import a page, find it by search")
def import_page(main, other):
    path, word = page_to_import(main.imports)
    done = main.exec("web", "python", "manage.py", "import_articles", f"/app/import/{path.name}")
    expect("created" in done.stdout, f"import_articles did not create the article: {done.stdout[-500:]}")
    found = main.get("/api/articles/?q=" + urllib.parse.quote(word))
    results = found.json()["results"]
    expect(len(results) == 1, f"the search found {len(results)} articles, not the one imported")
    title, link = results[0]["title"], f'href="/articles/{results[0]["id"]}/"'
    listing = main.get("/?q=" + urllib.parse.quote(word))
    expect(link in listing.text, "the list page does not link the imported article")
    capture = re.search(r'href="(/copies/\d+/capture/)"', main.get(f"/articles/{results[0]['id']}/").text)
    expect(capture, "the article page links no original capture")
    frame = main.get(capture.group(1).replace("capture/", "original"))
    expect(frame.body == path.read_bytes(), "the original is not served as imported")
    expect(frame.headers["Content-Security-Policy"].startswith("sandbox"), "the original is served unsandboxed")
    main.capture_path = capture.group(1).replace("capture/", "original")
    return f"{path.name} imported; {word!r} finds “{title[:24]}…” (API, list page); its original served sandboxed"


@step(5, "create_curator, log in through the admin's form")
def curator(main, other):
    done = main.exec(
        "web", "python", "manage.py", "create_curator", CURATOR, env=[("ARCHIVE_CURATOR_PASSWORD", PASSWORD)]
    )
    expect(f"curator {CURATOR} created" in done.stdout, f"create_curator: {done.stdout}")
    form = main.get("/admin/login/?next=/admin/")
    cookies = form.cookies()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    expect(token and "csrftoken" in cookies, "the login form has no CSRF token")
    expect("Secure" in form.headers["Set-Cookie"], "the CSRF cookie is not Secure behind the TLS proxy")
    answer = main.request(
        "POST",
        "/admin/login/?next=/admin/",
        headers={
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"https://{HOST}/admin/login/",
            "Origin": f"https://{HOST}",
        },
        body={"csrfmiddlewaretoken": token.group(1), "username": CURATOR, "password": PASSWORD, "next": "/admin/"},
    )
    session = answer.cookies().get("sessionid")
    expect(answer.status == 302 and session, f"the login was refused: {answer.status} {answer.text[:300]}")
    index = main.get("/admin/", headers={"Cookie": f"sessionid={session}"})
    expect(
        index.status == 200 and CURATOR in index.text and "/admin/archive/article/" in index.text,
        "the admin does not show the curator's articles",
    )
    return f"{CURATOR} logged in (302 → /admin/), sees the articles"


@step(6, "back up, restore into a fresh stack, the digests are equal")
def backup_restore(main, other):
    before = main.last_digest = main.digest()
    done = main.exec("backup", "python", "manage.py", "backup_archive")
    made = re.search(r"(/app/var/backups/archive-\S+\.dump)", done.stdout + done.stderr)
    expect(made, f"backup_archive named no file: {done.stdout}{done.stderr}")
    copied = STATE / "backup.dump"
    run(["podman", "cp", f"{main.container('backup')}:{made.group(1)}", str(copied)])
    run(["podman", "cp", f"{main.container('backup')}:{made.group(1)}.originals.tar", f"{copied}.originals.tar"])
    # The first stack stops (its volumes kept for step 7) before the fresh one starts, as on a new
    # machine; podman 4.3's DNS for the containers faltered here with two projects up at once.
    main.compose("down")
    other.write_secrets()
    other.compose("up", "-d")
    other.wait_healthy()
    for suffix in ("", ".originals.tar"):
        run(
            ["podman", "cp", f"{copied}{suffix}", f"{other.container('backup')}:/app/var/backups/restored.dump{suffix}"]
        )
    other.compose("stop", "web")
    # `run`, as the README says: a new container whose entrypoint waits for the database (podman
    # 4.3's DNS here can falter for a moment after a container on the network stops).
    other.compose("run", "--rm", "backup", "python", "manage.py", "restore_archive", "var/backups/restored.dump")
    other.compose("start", "web")
    other.wait_healthy()
    after = other.digest()
    expect(after == before, "the restored archive's digest differs:\n" + "\n".join(sorted(set(before) ^ set(after))))
    found = other.get("/api/articles/").json()["results"]
    expect(len(found) == 1, f"the restored stack serves {len(found)} articles")
    original = other.get(main.capture_path)
    expect(original.status == 200 and original.body, f"the restored stack lost the original: {original.status}")
    other.compose("down", "-v")
    sha = next(line for line in before if line.startswith("sha256")).split()[-1]
    size = copied.stat().st_size / 1e3
    return (
        f"{size:.0f} kB dump and its originals; {len(before)} digest lines equal (sha256 {sha[:12]}…);"
        " the fresh stack serves the article and its original"
    )


MIGRATION = '''from django.db import migrations


class Migration(migrations.Migration):
    """compose-test's upgrade: one more migration, applied by the entrypoint as the image starts."""

    dependencies = [("archive", "{previous}")]
    operations = [
        migrations.RunSQL(
            "CREATE TABLE archive_compose_upgrade (id integer PRIMARY KEY)",
            "DROP TABLE archive_compose_upgrade",
        )
    ]
'''


@step(7, "down and up keeps the data; an upgraded image migrates itself")
def restart_upgrade(main, other):
    before = main.digest() if main.containers() else main.last_digest
    main.compose("down")
    main.compose("up", "-d")
    main.wait_healthy()
    expect(main.digest() == before, "the archive changed across down and up")
    previous = sorted(p.stem for p in (ROOT / "archive" / "migrations").glob("0*.py"))[-1]
    context = STATE / "upgrade"
    context.mkdir(parents=True, exist_ok=True)
    (context / "9999_compose_upgrade.py").write_text(MIGRATION.format(previous=previous))
    (context / "Dockerfile").write_text(f"FROM {IMAGE}\nCOPY 9999_compose_upgrade.py /app/archive/migrations/\n")
    run(["podman", "build", "--quiet", "--format", "docker", "--tag", UPGRADE_IMAGE, str(context)], timeout=300)
    main.compose("up", "-d", image=UPGRADE_IMAGE)
    running = run(["podman", "inspect", "--format", "{{.ImageName}}", main.container("web")]).stdout.strip()
    expect(running == UPGRADE_IMAGE, f"up -d kept the web service on {running}")
    main.wait_healthy()
    shown = main.exec("web", "python", "manage.py", "showmigrations", "archive").stdout
    expect("[X] 9999_compose_upgrade" in shown, f"the new migration is not applied:\n{shown[-400:]}")
    after = main.digest()
    # What the migration itself adds: its table and its row in django_migrations.
    content = [line for line in after if not line.startswith(("archive_compose_upgrade", "django_migrations"))]
    unchanged = [line for line in before if not line.startswith("django_migrations")]
    expect(content == unchanged, "the upgrade changed the archive: " + "; ".join(sorted(set(content) ^ set(unchanged))))
    expect(main.get("/api/articles/").json()["results"], "the upgraded web service serves no articles")
    return f"after down/up the digest is equal; {UPGRADE_IMAGE.split('/')[-1]} applied 9999_compose_upgrade and serves"


@step(8, "down -v leaves nothing")
def down(main, other):
    main.compose("down", "-v")
    left = main.containers() + main.volumes() + other.containers() + other.volumes()
    expect(not left, f"left behind: {left}")
    return "no container, no volume"


STEPS = [build, up, pages, import_page, curator, backup_restore, restart_upgrade, down]


def main():
    started = time.monotonic()
    work = STATE / "run"
    run(["rm", "-rf", str(work)])
    first = Stack("archive-compose-test", free_port(), work / "first", IMAGE, COMPOSE)
    fresh = Stack("archive-compose-fresh", free_port(), work / "fresh", IMAGE, COMPOSE)
    failed = None
    # A run stopped half-way (SIGTERM from CI or an operator) still takes its stacks down.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("compose-test: stopped"))
    for stack in (first, fresh):  # what an interrupted earlier run left
        stack.compose("down", "-v", check=False)
    try:
        for function in STEPS:
            number, title = function.step
            at = time.monotonic()
            try:
                said = function(first, fresh)
            except (Failed, KeyError, ValueError) as error:
                failed = f"{number}. {title}: FAILED: {error}"
                print(failed, flush=True)
                for stack in (first, fresh):
                    for service in ("web", "backup", "db"):
                        if stack.containers():
                            print(f"--- {stack.project} {service}:\n{stack.logs(service)}", flush=True)
                break
            print(f"{number}. {title}: {said} ({time.monotonic() - at:.0f} s)", flush=True)
    finally:
        for stack in (first, fresh):
            stack.compose("down", "-v", check=False)
        run(["podman", "rmi", "--force", UPGRADE_IMAGE], check=False)
    total = time.monotonic() - started
    print(f"compose-test: {'failed' if failed else 'every step held'} in {total:.0f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
