"""The benchmarks and evaluations run from a fresh clone, which has no var/: they make the folder of
each file they write (their SQLite databases, their --json figures)."""

import json
import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection

from bench.files import write_json

pytestmark = pytest.mark.django_db


class Created(Exception):
    """Raised by the stand-in for create_test_db once the database file could be opened."""


@pytest.fixture
def fresh_clone(settings, tmp_path, monkeypatch):
    """A checkout without var/; the command's database is opened where it asks, and no further."""
    if connection.vendor != "sqlite":
        pytest.skip("on PostgreSQL the benchmark databases are not files")
    settings.BASE_DIR = tmp_path / "checkout"
    settings.BASE_DIR.mkdir()
    # The commands name their database in the connection's TEST settings: put the test run's back after.
    monkeypatch.setitem(connection.settings_dict, "TEST", dict(connection.settings_dict.get("TEST") or {}))

    def create_test_db(**options):
        name = connection.settings_dict["TEST"]["NAME"]
        sqlite3.connect(name).close()  # what Django's SQLite backend does first: "unable to open database file"
        raise Created(name)

    monkeypatch.setattr(connection.creation, "create_test_db", create_test_db)
    monkeypatch.setattr(connection.creation, "destroy_test_db", lambda *args, **kwargs: None)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"title": "标题", "body": "正文", "date": "2021-01-01"}\n', encoding="utf-8")
    return settings.BASE_DIR, corpus


@pytest.mark.parametrize(
    "command, arguments, database",
    [("bench_search", ["--articles", "10"], "bench-10.sqlite3"), ("eval_search", [], "eval.sqlite3")],
)
def test_a_benchmark_database_is_made_in_a_clone_without_var(fresh_clone, command, arguments, database):
    checkout, corpus = fresh_clone
    assert not (checkout / "var").exists()
    with pytest.raises(Created) as created:
        call_command(command, *arguments, "--corpus", str(corpus))
    assert str(created.value) == str(checkout / "var" / database)


def test_figures_are_written_where_json_asks_folders_and_all(tmp_path):
    path = tmp_path / "var" / "runs" / "bench-10.json"
    write_json(path, {"query": "断卡", "p95_ms": 12.5})
    assert json.loads(path.read_text(encoding="utf-8")) == {"query": "断卡", "p95_ms": 12.5}
