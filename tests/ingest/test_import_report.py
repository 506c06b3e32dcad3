"""What import_articles says: the same counted summary for one file as for a folder (files imported,
rejected with the reasons, skipped by extension; records created, updated, unchanged, reprinted), and
the files a folder held in no importable format, named at -v 2."""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Article

from ..conftest import PAGES

pytestmark = pytest.mark.django_db
PAGE = "gov_table_layout.html"


def run(*paths, verbosity=1):
    """The command's standard output and its exit status; a CommandError's message is its last line."""
    out = StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=StringIO(), verbosity=verbosity)
    except CommandError as error:
        return out.getvalue().splitlines() + [str(error)], error.returncode
    return out.getvalue().splitlines(), 0


def test_one_file_is_counted_like_many():
    lines, code = run(PAGES / PAGE)
    assert code == 0 and lines[0].endswith(f"{PAGE}: created")
    assert lines[-1] == "1 file: 1 imported; 1 created, 0 updated, 0 unchanged, 0 reprint"
    lines, code = run(PAGES / PAGE)
    assert lines[-1] == "1 file: 1 imported; 0 created, 0 updated, 1 unchanged, 0 reprint"


def test_one_rejected_file_says_why_in_its_summary(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    lines, code = run(tmp_path / "empty.html")
    assert code == 1
    assert lines == [
        f"{tmp_path / 'empty.html'}: rejected: empty file",
        "1 file: 0 imported, 1 rejected (empty file); 0 created, 0 updated, 0 unchanged, 0 reprint",
    ]


def test_a_folder_says_what_it_skipped_and_why(tmp_path):
    shutil.copy(PAGES / PAGE, tmp_path / PAGE)
    (tmp_path / "notes.md").write_text("# 笔记", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "README.MD").write_text("说明", encoding="utf-8")
    (tmp_path / "sub" / "dump.bin").write_bytes(b"\0\1\2")
    (tmp_path / "sub" / "bad.jsonl").write_text('{"title": "标题", "body": "正文"}\n', encoding="utf-8")
    lines, code = run(tmp_path)
    assert code == 1 and not any("notes.md" in line for line in lines)
    assert lines[-1] == (
        "2 files: 1 imported, 1 rejected (line 1: a record needs a date (published_at or date)), "
        "3 skipped (2 .md, 1 .bin: not an importable format); 1 created, 0 updated, 0 unchanged, 0 reprint"
    )
    lines, _ = run(tmp_path, verbosity=2)
    skipped = [line for line in lines if ": skipped: " in line]
    assert [line.split(": ")[0] for line in skipped] == [
        str(tmp_path / "notes.md"),
        str(tmp_path / "sub" / "README.MD"),
        str(tmp_path / "sub" / "dump.bin"),
    ]
    assert skipped[0].endswith("skipped: .md is not one of .html, .htm, .shtml, .txt, .jsonl, .warc, .warc.gz, .wacz")


def test_verbosity_0_keeps_the_rejections_and_the_summary(tmp_path):
    record = {"title": "标题", "body": "公安部通报。", "date": "2021-01-01"}
    (tmp_path / "one.jsonl").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "notes.md").write_text("笔记", encoding="utf-8")
    lines, code = run(tmp_path, verbosity=0)
    assert code == 1 and Article.objects.count() == 1
    assert lines == [
        f"{tmp_path / 'empty.txt'}: rejected: empty file",
        "2 files: 1 imported, 1 rejected (empty file), 1 skipped (1 .md: not an importable format); "
        "1 created, 0 updated, 0 unchanged, 0 reprint",
    ]


def test_many_reasons_are_summed_up_by_the_commonest(tmp_path):
    for name, data in [("a.html", b""), ("b.html", b""), ("c.jsonl", b"{"), ("d.jsonl", b"[]"), ("e.txt", b"\0" * 9)]:
        (tmp_path / name).write_bytes(data)
    lines, code = run(tmp_path, verbosity=0)
    assert code == 1 and len(lines) == 6
    assert lines[-1].startswith("5 files: 0 imported, 5 rejected (2 × empty file; ")
    assert lines[-1].endswith("1 other reason, above); 0 created, 0 updated, 0 unchanged, 0 reprint")
