"""export_articles: the list page's filters, every field, JSONL and CSV."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ..factories import make_article

pytestmark = pytest.mark.django_db


def export(*args):
    out = StringIO()
    call_command("export_articles", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def two():
    return [
        make_article(title="断卡通报", body="公安部通报“断卡”行动进展。", section="要闻"),
        make_article(title="=1+1 教育新闻", body="教育部发布通知。"),
    ]


def test_jsonl_has_every_field_with_beijing_time(two):
    records = [json.loads(line) for line in export("--format", "jsonl").splitlines()]
    assert len(records) == 2
    first = next(r for r in records if r["title"] == "断卡通报")
    assert set(first) == {
        "id",
        "title",
        "published_at",
        "author",
        "source",
        "section",
        "urls",
        "agencies",
        "campaigns",
        "document_number",
        "issuers",
        "written_date",
        "effective_date",
        "doc_type",
        "validity",
        "cites",
        "cited_by",
        "body",
    }
    assert first["published_at"].endswith("+08:00")
    # a news article has the policy document's fields empty
    assert (first["document_number"], first["validity"], first["issuers"], first["cites"]) == (None, None, [], [])
    assert first["agencies"] == ["公安部"] and first["campaigns"] == ["断卡"]
    assert first["urls"][0].startswith("https://pages.test/")


def test_filters_are_the_list_pages(two):
    records = [json.loads(line) for line in export("--campaign", "duanka").splitlines()]
    assert [r["title"] for r in records] == ["断卡通报"]
    assert export("--q", "断卡", "--date-from", "2030-01-01") == ""


def test_csv_escapes_formula_cells(two):
    rows = list(csv.reader(StringIO(export("--format", "csv"))))
    assert rows[0][0] == "id"
    assert any(row[1] == "'=1+1 教育新闻" for row in rows[1:])


def test_bad_filter_is_a_clear_error(two):
    with pytest.raises(CommandError, match="date-from"):
        export("--date-from", "yesterday")
