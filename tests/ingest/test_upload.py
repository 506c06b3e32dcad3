"""Uploads in the admin: several files and zips through the importer, each file's outcome listed;
what is over the caps is refused before anything is written."""

import io
import json
import zipfile

import lxml.html
import pytest
from django.urls import reverse

from archive.models import Article, Copy

from ..conftest import PAGES

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:archive_article_changelist"


def _zip(members: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    buffer.name = "pages.zip"
    return buffer


def _file(name, data: bytes):
    f = io.BytesIO(data)
    f.name = name
    return f


def test_upload_several_files_and_a_zip_lists_each_outcome(curator):
    record = {"title": "上传的记录", "body": "公安部通报进展。", "date": "2021-05-01"}
    files = [
        _file("gov.html", (PAGES / "gov_table_layout.html").read_bytes()),
        _file("broken.html", (PAGES / "truncated.html").read_bytes()),
        _zip(
            {
                "a/record.jsonl": json.dumps(record, ensure_ascii=False).encode(),
                "a/notes.pdf": b"%PDF-1.4",
                "a/bad.jsonl": b'{"title": "only a title"}\n',
            }
        ),
    ]
    response = curator.post(reverse("admin:archive_article_upload"), {"files": files})
    assert response.status_code == 200
    outcomes = {o.name: o for o in response.context["outcomes"]}
    assert outcomes["gov.html"].summary == "新建"
    assert outcomes["broken.html"].rejected and "不完整" in outcomes["broken.html"].error
    assert outcomes["pages.zip/a/record.jsonl"].summary == "新建"
    assert outcomes["pages.zip/a/notes.pdf"].rejected
    assert outcomes["pages.zip/a/bad.jsonl"].rejected
    assert Article.objects.count() == 2  # the rejected files wrote nothing
    # each copy names the file the curator chose (a zip's member within the zip), not a temporary file
    assert sorted(Copy.objects.values_list("imported_from", flat=True)) == ["gov.html", "pages.zip/a/record.jsonl"]
    assert "上传的记录" in response.content.decode() or "record.jsonl" in response.content.decode()


def test_an_upload_over_the_cap_is_a_form_error_and_writes_nothing(curator, settings):
    settings.ARCHIVE_UPLOAD_MAX_BYTES = 64 * 1024
    big = _file("big.txt", "公安部通报进展。\n".encode() * 8000)
    response = curator.post(reverse("admin:archive_article_upload"), {"files": [big]})
    assert response.status_code == 200
    assert "超过" in response.content.decode() and response.context["outcomes"] is None
    assert not Article.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_inflated(curator, settings):
    settings.ARCHIVE_UPLOAD_MAX_BYTES = 1024 * 1024
    bomb = _zip({"bomb.txt": b"0" * (20 * 1024 * 1024)})  # 20 MB of zeros, some 20 KB zipped
    response = curator.post(reverse("admin:archive_article_upload"), {"files": [bomb]})
    [outcome] = response.context["outcomes"]
    assert outcome.rejected and "解压后" in outcome.error
    assert not Article.objects.exists()


def upload_results(client, language):
    """The results table of an upload of one good page, the same page again, three records, an empty
    file and a binary one, read in the admin in the given language."""
    page = (PAGES / "gov_table_layout.html").read_bytes()
    records = b"".join(
        json.dumps({"title": f"记录{n}", "body": f"公安部通报第{n}批进展。", "date": "2021-05-01"}).encode() + b"\n"
        for n in range(3)
    )
    files = [_file("gov.html", page), _file("again.html", page), _file("records.jsonl", records)]
    files += [_file("empty.html", b""), _file("binary.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)]
    response = client.post(reverse("admin:archive_article_upload"), {"files": files}, HTTP_ACCEPT_LANGUAGE=language)
    table = lxml.html.fromstring(response.content.decode()).get_element_by_id("upload-results")
    rows = [row for row in table.iter("tr") if row[0].tag == "td"]
    return {row[0].text_content(): " ".join(row[1].text_content().split()) for row in rows}


def test_the_chinese_admin_reports_each_outcome_in_chinese(curator):
    assert upload_results(curator, "zh-CN") == {
        "gov.html": "新建",
        "again.html": "未变",
        "records.jsonl": "新建 3 条",
        "empty.html": "未导入: 空文件",
        "binary.html": "未导入: 不是文本:二进制内容",
    }


def test_the_english_admin_reports_each_outcome_in_english(curator):
    assert upload_results(curator, "en") == {
        "gov.html": "created",
        "again.html": "unchanged",
        "records.jsonl": "3 created",
        "empty.html": "not imported: empty file",
        "binary.html": "not imported: not text: binary content",
    }


def test_readers_cannot_upload(reader):
    assert reader.get(reverse("admin:archive_article_upload")).status_code == 403
    response = reader.post(reverse("admin:archive_article_upload"), {"files": [_file("a.txt", b"x")]})
    assert response.status_code == 403
    assert not Article.objects.exists()
