"""The WSGI module gunicorn preloads leaves no database connection open: the workers it forks
would otherwise share one socket (under `make load`: "lost synchronization with server", 500s)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = (
    "import config.wsgi\n"
    "from django.db import connections\n"
    "from archive.search import tokenize\n"
    "assert tokenize._segmenter is not None, 'the dictionary was not loaded'\n"
    "print(sum(c.connection is not None for c in connections.all()))\n"
)


@pytest.mark.django_db
def test_preloading_the_application_leaves_no_database_connection_open(settings):
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        pytest.skip("the suite's SQLite database is in memory; the PostgreSQL pass runs this")
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": url}
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"
