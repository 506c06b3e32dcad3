"""`manage.py eval_extraction`: the figures per set, as a table or JSON, and the pages it got wrong."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ..conftest import PAGES, corpus_file

LABELLED = json.loads((PAGES / "extraction_labels.json").read_text(encoding="utf-8"))["pages"]


def run(*args) -> str:
    out = StringIO()
    call_command("eval_extraction", *args, stdout=out)
    return out.getvalue()


def test_the_json_figures_count_every_labelled_page_of_each_set():
    corpus_file()  # the command reads the corpus: skipped without it, as the other corpus tests
    figures = json.loads(run("--set", "fixtures", "--set", "crawler dumps", "--json"))
    assert set(figures) == {"fixtures", "crawler dumps"}
    fixtures, n = figures["fixtures"], len(LABELLED)
    assert fixtures["cases"] == fixtures["title"] == fixtures["date"] == n
    assert fixtures["body_clean"] == [n, n]
    assert fixtures["url"] == [sum(1 for label in LABELLED.values() if label.get("url"))] * 2
    assert figures["crawler dumps"]["cases"] == 123 and figures["crawler dumps"]["body_f1_mean"] >= 0.98


def test_the_table_has_a_row_per_set_and_lists_no_miss_when_all_are_right():
    corpus_file()
    lines = run("--set", "fixtures", "--misses").splitlines()
    assert lines[0].split()[:3] == ["set", "pages", "title"]
    assert lines[1].split()[:4] == ["fixtures", *[str(len(LABELLED))] * 3]
    assert not any(" | " in line for line in lines)  # no page is listed as wrong


def test_a_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="need the corpus"):
        run("--corpus", str(tmp_path / "nowhere"))
