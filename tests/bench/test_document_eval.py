"""`manage.py eval_documents`: every labelled document counted, the figures as JSON, and the reader at
its aims on the labelled sets it was built on (held_out is reported, not pinned)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.document_eval import FIELDS

from ..conftest import corpus_file

pytestmark = pytest.mark.django_db
LABELS = json.loads((Path(__file__).resolve().parents[1] / "document_labels.json").read_text(encoding="utf-8"))[
    "documents"
]


def run(*args) -> str:
    out = StringIO()
    call_command("eval_documents", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def figures(django_db_setup, django_db_blocker):
    corpus_file()
    with django_db_blocker.unblock():
        return json.loads(run("--json"))


def test_the_labelled_set_is_large_and_covers_every_source():
    assert len(LABELS) >= 160 and len({d["id"] for d in LABELS}) == len(LABELS)
    sets = {d["set"] for d in LABELS}
    assert sets == {"zhouynf", "corpus", "written", "held_out"}
    assert sum(d["source"]["kind"] == "zhouynf" for d in LABELS) == 60
    assert sum(not d["document"] for d in LABELS) >= 20


def test_every_labelled_document_is_counted_overall_and_in_its_set(figures):
    assert figures["overall"]["documents"] == len(LABELS)
    for name, score in figures["sets"].items():
        assert score["documents"] == sum(d["set"] == name for d in LABELS)
        assert set(score) == {"documents", *FIELDS, "citations"}
        assert set(score["number"]) == {"precision", "recall", "labelled", "given"}


@pytest.mark.parametrize("name", ["zhouynf", "corpus", "written"])
def test_the_reader_reaches_its_aims_on_the_sets_it_was_built_on(figures, name):
    score = figures["sets"][name]
    for field in ("number", "written_date"):
        assert score[field]["precision"] >= 0.98 and score[field]["recall"] >= 0.98, field
    assert score["issuers"]["precision"] >= 0.95 and score["issuers"]["recall"] >= 0.95
    assert score["doc_type"]["precision"] >= 0.98 and score["doc_type"]["recall"] >= 0.98
    assert score["citations"]["precision"] >= 0.98 and score["citations"]["recall"] >= 0.95
    assert score["document"]["precision"] == 1.0 and score["document"]["recall"] == 1.0


def test_a_set_alone_and_the_misses_as_a_table():
    corpus_file()
    table = run("--set", "written", "--misses")
    assert "30 documents labelled (written 30)" in table and "citations" in table
    with pytest.raises(CommandError, match="no such set"):
        run("--set", "nonsense")
