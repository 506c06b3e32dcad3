import json
import os
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import translation

from bench.corpus import CORPUS  # the one place the corpus's location is defined (ARCHIVE_CORPUS or ../shared/corpus)

PAGES = Path(__file__).resolve().parent / "pages"
SEED = CORPUS / "seed" / "000_fa2acf3d762a095f.txt"


def pytest_configure():
    """The test client and the browser tests' live server speak plain http, as `make run` does:
    production's redirect to https (archive/settings.py) would answer every request with a 301.
    Secure cookies stay on: the test client sends them anyway, and chromium keeps them for localhost."""
    import atexit
    import shutil
    import tempfile

    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    # The originals that the suite's imports keep go to a folder of this run's (each xdist worker
    # its own), never to the checkout's var/originals.
    originals = settings.STORAGES["originals"]
    if originals["BACKEND"] == "django.core.files.storage.FileSystemStorage":
        location = tempfile.mkdtemp(prefix="archive-originals-")
        atexit.register(shutil.rmtree, location, ignore_errors=True)
        settings.STORAGES = {**settings.STORAGES, "originals": {**originals, "OPTIONS": {"location": location}}}


def corpus_file(relative: str = "") -> Path:
    """A file of the corpus (bench.corpus.CORPUS), read in place: its text is not ours to commit. CI must have it."""
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{CORPUS} is missing in CI")
        pytest.skip(f"{CORPUS} is missing (set ARCHIVE_CORPUS or put ../shared/corpus beside this checkout)")
    return CORPUS / relative


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached counts (the database is rolled back between tests)."""
    from django.core.cache import cache

    from archive.figures import columns as figure_columns
    from archive.listing import columns

    cache.clear()
    columns.current.reset()
    figure_columns.current.reset()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request in English leaves English active in the
    thread (LocaleMiddleware does not put it back), and names and facet labels follow it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def refresh_in_the_request(settings):
    """Alias refreshes run at commit, in the test's own thread (tests/curation/test_curation.py runs one in
    the background)."""
    settings.ARCHIVE_REFRESH_IN_BACKGROUND = False


@pytest.fixture
def english():
    """The importer's reasons as the command line prints them: they are translated, and a test that
    calls a parser directly otherwise reads them in the default language, Chinese."""
    with translation.override("en"):
        yield


@contextmanager
def built_once(django_db_blocker):
    """For a module-scoped fixture (with django_db_setup): what it writes in the test database stays for
    the module's tests, in a transaction each test's own transaction nests in (a savepoint, rolled back
    after the test, so no test sees another's writes), and is rolled back at the module's end, so the
    next module, on this worker, on either database, finds the database as the migrations left it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def corpus():
    return corpus_file()


class ImportRun:
    def __init__(self, code, output):
        self.code, self.output = code, output
        self.lines = output.strip().splitlines()

    def line_for(self, name):
        return next(line for line in self.lines if Path(line.split(": ")[0]).name == name)


@pytest.fixture
def run_import():
    def run(*paths, **options):
        out = StringIO()
        try:
            call_command("import_articles", *map(str, paths), stdout=out, stderr=StringIO(), **options)
            code = 0
        except CommandError as error:
            out.write(f"{error}\n")
            code = error.returncode
        return ImportRun(code, out.getvalue())

    return run


def body_of(response) -> str:
    """A response's text, streamed or not."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def assert_answers(response, *statuses, naming=()):
    """Never a 500: the response's status is one of `statuses`. A 400 says what is wrong: its body
    (the API's JSON "errors", the exports' plain text) is not empty and names one of `naming`, the
    parameters that may be wrong, when those are given. Returns the body."""
    assert response.status_code in statuses, (response.status_code, statuses)
    body = body_of(response)
    if response.status_code == 400:
        if response["Content-Type"].startswith("application/json"):
            errors = json.loads(body)["errors"]
            assert errors, body
            assert not naming or set(errors) & set(naming), (errors, naming)
        else:
            assert body.strip(), "a 400 without a reason"
            assert not naming or any(f"{name}:" in body for name in naming), (body, naming)
    return body


def staff_user(name: str, group: str):
    """A staff account in one of the roles the migrations create (curator or reader)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(name, password=None, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def curator(client):
    """The test client, logged in to the admin as a curator."""
    client.force_login(staff_user("curator1", "curator"))
    return client


@pytest.fixture
def reader(client):
    """The test client, logged in to the admin as a reader."""
    client.force_login(staff_user("reader1", "reader"))
    return client


@pytest.fixture
def own_originals(settings, tmp_path):
    """An originals storage of this test's own: the database rolls back after each test, files do not."""
    backend = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "originals"},
    }
    settings.STORAGES = {**settings.STORAGES, "originals": backend}
    return tmp_path / "originals"
