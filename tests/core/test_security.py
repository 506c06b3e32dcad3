"""Ready for the open internet: a strict Content-Security-Policy on every kind of page (the admin's
too), no inline code or style in our templates, https with HSTS and secure cookies in production,
and `manage.py check --deploy` clean under the settings docker-compose.yml runs."""

import ast
import hashlib
import os
import re
import secrets
import subprocess
import sys
from base64 import b64encode
from pathlib import Path

import pytest
import simple_history
from django.test import Client
from django.urls import reverse

from config.settings import proxy_ssl_header

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=""", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
INERT_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


def inline_code(html):
    """Inline scripts (but not json_script's data blocks), style attributes, <style> blocks and
    on…= handlers in a page or a template."""
    found = [
        f"<script>{body.strip()[:60]}" for attrs, body in SCRIPT.findall(html) if body.strip() and not _inert(attrs)
    ]
    found += [f'style="{value}"' for value in STYLE_ATTRIBUTE.findall(html)]
    found += re.findall(r"<style\b", html, re.IGNORECASE)
    found += EVENT_HANDLER.findall(html)
    return found


def _inert(attributes):
    kind = re.search(r"""type\s*=\s*["']?([^"'\s>]+)""", attributes)
    return bool(kind) and kind.group(1).lower() in INERT_SCRIPT_TYPES


PUBLIC_PAGES = {
    "article list": lambda a: "/",
    "search": lambda a: "/?q=电信网络诈骗",
    "article": lambda a: a.get_absolute_url(),
    "agency list": lambda a: "/agencies/",
    "agency": lambda a: "/agencies/ministry-of-public-security/",
    "campaign list": lambda a: "/campaigns/",
    "campaign": lambda a: "/campaigns/duanka/",
    "figures": lambda a: "/figures/",
    "figure series": lambda a: "/figures/series/?metric=破获电信网络诈骗案件",
    "API": lambda a: "/api/articles/",
    "CSV export": lambda a: "/export.csv",
    "Atom feed": lambda a: "/feed.atom",
    "admin login": lambda a: "/admin/login/",
}
ADMIN_PAGES = {
    "admin index": lambda a: reverse("admin:index"),
    "admin changelist": lambda a: reverse("admin:archive_article_changelist"),
    "admin change form": lambda a: reverse("admin:archive_article_change", args=[a.pk]),
}


def assert_strict(response):
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["form-action"] == ["'self'"]
    sources = {source for sources in csp.values() for source in sources}
    assert not sources & {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("kind", PUBLIC_PAGES)
def test_every_public_page_carries_the_strict_policy_and_no_inline_code(client, five_articles_of_every_kind, kind):
    response = client.get(PUBLIC_PAGES[kind](five_articles_of_every_kind[0]))
    assert response.status_code == 200
    assert_strict(response)
    if response.headers["Content-Type"].startswith("text/html"):
        assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("kind", ADMIN_PAGES)
def test_the_admin_keeps_the_strict_policy_and_writes_no_inline_code(admin_client, five_articles_of_every_kind, kind):
    response = admin_client.get(ADMIN_PAGES[kind](five_articles_of_every_kind[0]))
    assert response.status_code == 200
    assert_strict(response)
    assert inline_code(response.content.decode()) == []


def test_the_history_page_allows_exactly_the_style_attribute_it_writes(admin_client, five_articles_of_every_kind):
    response = admin_client.get(reverse("admin:archive_article_history", args=[five_articles_of_every_kind[0].pk]))
    assert response.status_code == 200
    assert_strict(response)
    written = STYLE_ATTRIBUTE.findall(response.content.decode())
    hashes = {"'sha256-" + b64encode(hashlib.sha256(value.encode()).digest()).decode() + "'" for value in written}
    assert written and policy(response)["style-src-attr"] == ["'unsafe-hashes'", *hashes]
    assert [found for found in inline_code(response.content.decode()) if not found.startswith("style=")] == []


def test_the_history_exception_matches_the_installed_django_simple_history():
    template = Path(simple_history.__file__).parent / "templates" / "simple_history" / "object_history_list.html"
    assert STYLE_ATTRIBUTE.findall(template.read_text()) == ["border-top: 0"]


def test_a_failed_csrf_check_answers_with_our_page_under_the_policy(five_articles_of_every_kind):
    response = Client(enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert_strict(response)
    page = response.content.decode()
    assert "CSRF" in page and 'href="/agencies/"' in page  # the site's own page, not Django's fallback
    assert inline_code(page) == []


def test_static_files_carry_the_policy_too(client, settings):
    settings.WHITENOISE_USE_FINDERS = True  # no collectstatic in the tests
    response = client.get("/static/js/charts.js")
    assert response.status_code == 200
    assert_strict(response)


def test_no_template_of_ours_has_inline_code_or_style():
    offenders = {}
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = re.sub(r"{#.*?#}", "", template.read_text(encoding="utf-8"))
        if found := inline_code(text):
            offenders[str(template.relative_to(ROOT))] = found
    assert offenders == {}


def test_the_template_check_would_find_each_kind_of_inline_code():
    assert inline_code('<script>alert(1)</script><p style="color: red"><a onclick="x()">') == [
        "<script>alert(1)",
        'style="color: red"',
        " onclick=",
    ]
    assert inline_code("<style>p {}</style>") == ["<style"]
    assert inline_code('<script id="c" type="application/json">[1]</script><script src="/s.js" defer></script>') == []


# Production, as docker-compose.yml runs it: the settings module is read once per process, so the
# production settings are checked in a process of their own.

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
    "DATABASE_URL": "postgres://archive:secret@db:5432/archive",
}


def run_with(env, *args):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def production_settings(**env):
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
    ]
    code = f"import config.settings as s; print(repr([getattr(s, n) for n in {names!r}]))"
    done = run_with({**PRODUCTION, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), **env}, "-c", code)
    assert done.returncode == 0, done.stderr
    return dict(zip(names, ast.literal_eval(done.stdout), strict=True))


def test_check_deploy_passes_under_production_settings():
    done = run_with(
        {**PRODUCTION, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)},
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_deploy_fails_without_a_secret_key():
    done = run_with(PRODUCTION, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0 and "security.W009" in done.stderr


def test_production_defaults_are_https_only_and_debug_relaxes_them():
    assert production_settings() == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": None,
    }
    local = production_settings(DJANGO_DEBUG="1")
    assert not local["SECURE_SSL_REDIRECT"] and not local["SESSION_COOKIE_SECURE"] and not local["CSRF_COOKIE_SECURE"]
    assert local["SECURE_HSTS_SECONDS"] == 0
    # docker-compose.yml passes unset variables through as empty strings: those keep the defaults.
    assert production_settings(DJANGO_SECURE_SSL_REDIRECT="", DJANGO_SECURE_HSTS_SECONDS="")["SECURE_SSL_REDIRECT"]


def test_the_proxy_header_is_named_as_the_proxy_sends_it():
    assert proxy_ssl_header("") is None
    assert proxy_ssl_header("X-Forwarded-Proto") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxy_ssl_header("HTTP_X_FORWARDED_PROTO") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxy_ssl_header("X-Forwarded-Ssl=on") == ("HTTP_X_FORWARDED_SSL", "on")


def test_plain_http_is_redirected_and_https_through_the_proxy_gets_hsts(settings, client, five_articles_of_every_kind):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["archive.example.org"]
    response = client.get("/agencies/", HTTP_HOST="archive.example.org")
    assert response.status_code == 301 and response.url == "https://archive.example.org/agencies/"
    response = client.get("/agencies/", HTTP_HOST="archive.example.org", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def settings_values(env, *names):
    code = f"import config.settings as s; print(repr([getattr(s, n) for n in {names!r}]))"
    return run_with({**PRODUCTION, **env}, "-c", code)


def test_secrets_are_read_from_the_files_that_their_file_variables_name(tmp_path):
    key, password = tmp_path / "django_secret_key", tmp_path / "postgres_password"
    key.write_text(secrets.token_urlsafe(50) + "\n")  # as `secrets.token_urlsafe(50) > file` writes it
    password.write_text("pa ss\n")
    env = {"DJANGO_SECRET_KEY_FILE": str(key), "DATABASE_PASSWORD_FILE": str(password)}
    done = settings_values(env, "SECRET_KEY", "DATABASES")
    assert done.returncode == 0, done.stderr
    secret_key, databases = ast.literal_eval(done.stdout)
    assert secret_key == key.read_text().strip()
    assert databases["default"]["PASSWORD"] == "pa ss" and databases["default"]["USER"] == "archive"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"DJANGO_SECRET_KEY_FILE": "/nonexistent/key"},
            "DJANGO_SECRET_KEY_FILE=/nonexistent/key: No such file or directory",
        ),
        ({"DJANGO_SECRET_KEY_FILE": "EMPTY"}, "is empty"),
        (
            {"DJANGO_SECRET_KEY_FILE": "EMPTY", "DJANGO_SECRET_KEY": "x" * 50},
            "both DJANGO_SECRET_KEY and DJANGO_SECRET_KEY_FILE",
        ),
        ({"DATABASE_PASSWORD_FILE": "/nonexistent/password"}, "DATABASE_PASSWORD_FILE=/nonexistent/password"),
    ],
)
def test_a_secret_file_that_is_missing_empty_or_doubled_stops_the_start(tmp_path, env, message):
    empty = tmp_path / "empty"
    empty.write_text("\n")
    env = {name: str(empty) if value == "EMPTY" else value for name, value in env.items()}
    done = settings_values(env, "SECRET_KEY")
    assert done.returncode != 0
    assert "ImproperlyConfigured: " in done.stderr and message in done.stderr


def test_healthz_answers_plain_http_while_every_page_is_sent_to_https(settings, client, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["archive.example.org"]
    health = client.get("/healthz", HTTP_HOST="archive.example.org")
    assert health.status_code == 200 and health.json()["database"] == "ok"
    assert client.get("/", HTTP_HOST="archive.example.org").status_code == 301
