"""The WSGI module gunicorn preloads leaves no database connection open: the workers it forks
would otherwise share one socket (under `make load`: "lost synchronization with server", 500s).
What it loaded is frozen (gc.freeze) so that no worker's full collection walks it."""

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
    "import gc\n"
    "print(gc.get_freeze_count() > 10_000, len(gc.get_objects()) < 1_000)\n"
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
    open_connections, frozen = result.stdout.split("\n", 1)
    assert open_connections == "0"
    # and what it loaded is frozen out of the garbage collector's walks before the fork
    assert frozen.split() == ["True", "True"]
