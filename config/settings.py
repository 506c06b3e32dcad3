"""One settings file, read from the environment (see .env.example and the README)."""

import importlib.util
import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    """An empty variable counts as unset: docker-compose.yml passes `${VAR:-}` through."""
    return (os.environ.get(name) or str(default)).lower() in {"1", "true", "yes", "on"}


def env_secret(name, default=None):
    """A secret from the variable NAME, or read from the file that NAME_FILE names (the compose
    file's secrets, mounted under /run/secrets/), so that it is never in the image or the process
    list. One of the two: both set is a mistake worth stopping for."""
    path = os.environ.get(f"{name}_FILE")
    if not path:
        return os.environ.get(name) or default
    if os.environ.get(name):
        raise ImproperlyConfigured(f"both {name} and {name}_FILE are set: keep one")
    try:
        value = Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ImproperlyConfigured(f"{name}_FILE={path}: {error.strerror}") from error
    if not value:
        raise ImproperlyConfigured(f"{name}_FILE={path} is empty")
    return value


DEBUG = env_bool("DJANGO_DEBUG", False)
# The fallback key is for the local SQLite archive only; docker-compose.yml reads it from a secret file.
SECRET_KEY = env_secret("DJANGO_SECRET_KEY", "django-insecure-local-archive-key")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "csp",
    "axes",
    "simple_history",
    "archive.apps.ArchiveConfig",
]
# Benchmarks and evaluations (bench/): in a checkout, not in the production image (.dockerignore).
if importlib.util.find_spec("bench") is not None:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # before whitenoise, so that static files carry the policy too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "archive.health.DatabaseUnavailableMiddleware",  # 503 when the database cannot be reached
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "archive.replicas.ReplicaMiddleware",  # where a request reads from: a replica for public ones
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who made a change, for the history
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Repeated failed logins lock the account out from that address (django-axes): after
# ARCHIVE_LOGIN_FAILURES failures, for ARCHIVE_LOCKOUT_HOURS hours (or until an admin runs
# `manage.py axes_reset`).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("ARCHIVE_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("ARCHIVE_LOCKOUT_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The cache: each process's memory by default; with REDIS_URL, one Redis shared by every web process
# and replica, so the facet counts and related articles computed once (keyed by the archive's
# generation, which every import bumps in the database) serve them all, and one import makes them
# all count anew.
if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("ARCHIVE_CACHE_PREFIX", "archive"),
        }
    }

# Without DATABASE_URL the archive runs on an embedded SQLite file under var/.
SQLITE_PATH = Path(os.environ.get("ARCHIVE_SQLITE_PATH", BASE_DIR / "var" / "archive.sqlite3"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# The database's password may come apart from DATABASE_URL, from a secret file (docker-compose.yml).
if database_password := env_secret("DATABASE_PASSWORD"):
    DATABASES["default"]["PASSWORD"] = database_password
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `manage.py migrate` on a fresh clone, without make: SQLite makes the file, not its folder.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# PostgreSQL read replicas (streaming replication of the primary), comma-separated URLs: the public
# pages, the API and the exports read from them; writes, the admin and signed-in users use the
# primary (archive/replicas.py). A replica URL without a password takes the primary's. In tests each
# mirrors the primary's test database.
DATABASE_REPLICA_URLS = [url.strip() for url in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if url.strip()]
for number, url in enumerate(DATABASE_REPLICA_URLS, start=1):
    replica = dj_database_url.parse(url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True)
    if not replica.get("PASSWORD") and DATABASES["default"].get("PASSWORD"):
        replica["PASSWORD"] = DATABASES["default"]["PASSWORD"]
    # A replica that is down costs a request at most this long before it reads from the primary.
    replica["OPTIONS"] = {"connect_timeout": 2, **replica.get("OPTIONS", {})}
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{number}"] = replica
DATABASE_ROUTERS = ["archive.replicas.ReplicaRouter"] if DATABASE_REPLICA_URLS else []
# How long a replica that could not be reached is left out before it is tried again.
ARCHIVE_REPLICA_RETRY_SECONDS = float(os.environ.get("ARCHIVE_REPLICA_RETRY_SECONDS", "30"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Test databases: a transactional test that names its available_apps has content types and
# permissions made again by post_migrate before serialized_rollback restores the rest; restoring
# them too would collide with those (Django ticket #23727).
TEST_NON_SERIALIZED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic writes here and whitenoise serves from here (read once at start when DEBUG is off).
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The originals each copy was made from (archive/captures/): files under ARCHIVE_ORIGINALS_ROOT by
# default; any Django storage backend by ARCHIVE_ORIGINALS_BACKEND, with its options as JSON in
# ARCHIVE_ORIGINALS_OPTIONS (django-storages' S3Storage: {"bucket_name": ..., "endpoint_url": ...}).
ORIGINALS_ROOT = Path(os.environ.get("ARCHIVE_ORIGINALS_ROOT", BASE_DIR / "var" / "originals"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "originals": {
        "BACKEND": os.environ.get("ARCHIVE_ORIGINALS_BACKEND") or "django.core.files.storage.FileSystemStorage",
        "OPTIONS": json.loads(os.environ.get("ARCHIVE_ORIGINALS_OPTIONS") or "null")
        or {"location": str(ORIGINALS_ROOT), "file_permissions_mode": 0o644},
    },
}

# HTTPS and the browser's protections (`manage.py check --deploy` holds them; README, Security).
# Production's defaults are the safe ones; DJANGO_DEBUG=1 (`make run`, plain http) relaxes those that
# would break http. The test suite speaks plain http too: tests/conftest.py turns the redirect off.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
# No script of ours reads either cookie, in any environment.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Browsers send HSTS only over https and remember it: a year, for this host and its subdomains.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS") or (0 if DEBUG else 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Links out to the sites an article came from do not tell them what a researcher was reading.
SECURE_REFERRER_POLICY = os.environ.get("DJANGO_SECURE_REFERRER_POLICY") or "same-origin"
# The container's healthcheck and a load balancer's probe ask for /healthz over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]


def proxy_ssl_header(value):
    """`X-Forwarded-Proto` (or `X-Forwarded-Proto=https`): the header, and its value, by which the
    proxy in front says that the client spoke https. Unset without such a proxy: a client could send
    the header itself."""
    if not value:
        return None
    name, _, expected = value.partition("=")
    return ("HTTP_" + name.strip().upper().replace("-", "_").removeprefix("HTTP_"), expected.strip() or "https")


SECURE_PROXY_SSL_HEADER = proxy_ssl_header(os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER"))
SILENCED_SYSTEM_CHECKS = [
    # security.W021 asks for SECURE_HSTS_PRELOAD. Preloading is the owner of a registered domain's
    # decision (browsers ship the list, and leaving it takes months), not a default for every
    # deployment: DJANGO_SECURE_HSTS_PRELOAD=1 once the domain is submitted.
    "security.W021",
]

# Content-Security-Policy on every response (django-csp): scripts, styles, images, fonts and
# requests only from this site, no inline code or style, no plugins, no <base>, no framing, forms
# only to this site. The admin's history pages add one hashed style attribute (archive/admin.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # gunicorn's access log has a line for every request; Django adds only server errors (with the
    # traceback), not a second line for each 404 or 403.
    "loggers": {"django.request": {"level": "ERROR"}},
}

# The archive's own settings.
ARCHIVE_MAX_FILE_BYTES = int(os.environ.get("ARCHIVE_MAX_FILE_BYTES", 20 * 1024 * 1024))
ARCHIVE_PAGE_SIZE = int(os.environ.get("ARCHIVE_PAGE_SIZE", 20))  # articles or figures a page
# How the models reach the layers above them without importing them (archive/models/articles.py, configured()).
ARCHIVE_SEARCH_BACKEND = "archive.search.backend"
ARCHIVE_REEXTRACT = "archive.ingest.save.reextract"
# Uploads in the admin: the whole request, and what a zip may unpack to.
ARCHIVE_UPLOAD_MAX_BYTES = int(os.environ.get("ARCHIVE_UPLOAD_MAX_BYTES", 50 * 1024 * 1024))
ARCHIVE_UPLOAD_MAX_FILES = int(os.environ.get("ARCHIVE_UPLOAD_MAX_FILES", 2000))
# Stops reading an upload past ARCHIVE_UPLOAD_MAX_BYTES; the form says so (never a 500).
FILE_UPLOAD_HANDLERS = ["archive.ingest.upload.CappedUploadHandler"]
# Articles affected by a changed alias are refreshed in a thread after the change commits; False
# runs the refresh in the request itself (the tests, and a one-process setup that prefers it).
ARCHIVE_REFRESH_IN_BACKGROUND = os.environ.get("ARCHIVE_REFRESH_IN_BACKGROUND", "1") == "1"

# Harvesting (archive/harvest/): who the archive says it is to the sites it reads, and how gently.
# The contact (an address site owners can write to) is required before `harvest` fetches anything.
ARCHIVE_HARVEST_CONTACT = os.environ.get("ARCHIVE_HARVEST_CONTACT", "")
ARCHIVE_HARVEST_USER_AGENT = f"policy-archive/1.0 (+{ARCHIVE_HARVEST_CONTACT or 'no contact set'})"
ARCHIVE_HARVEST_DELAY = float(os.environ.get("ARCHIVE_HARVEST_DELAY", "2"))  # seconds between requests to a host
ARCHIVE_HARVEST_TIMEOUT = float(os.environ.get("ARCHIVE_HARVEST_TIMEOUT", "20"))
ARCHIVE_HARVEST_BACKOFF = float(os.environ.get("ARCHIVE_HARVEST_BACKOFF", "5"))  # the first retry's wait, doubling
ARCHIVE_HARVEST_MAX_BYTES = int(os.environ.get("ARCHIVE_HARVEST_MAX_BYTES", ARCHIVE_MAX_FILE_BYTES))
ARCHIVE_HARVEST_DIR = Path(os.environ.get("ARCHIVE_HARVEST_DIR", BASE_DIR / "var" / "harvests"))  # the runs' WARCs
