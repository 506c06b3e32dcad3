"""Every copy keeps the exact bytes it was made from: stored once per hash, compressed, in the
originals storage; a failed or dry-run import keeps none; the capture is one click from the article
and is served as captured, sandboxed, never as a page of the archive's origin."""

import gzip
import hashlib
import json
import shutil

import pytest
from django.core.files.storage import storages

from archive.captures.models import Original, original_path
from archive.captures.views import SANDBOX
from archive.models import Article, Copy
from tests.conftest import PAGES, SEED, corpus_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_originals")]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_an_imported_page_keeps_its_exact_bytes_compressed_once_per_hash(run_import, tmp_path):
    page = PAGES / "gbk_no_charset.html"
    run_import(page)
    copy = Copy.objects.get()
    original = Original.objects.get()
    assert original.sha256 == copy.raw_hash == sha256(page.read_bytes())
    assert original.read() == page.read_bytes()
    assert (original.size, original.media_type) == (len(page.read_bytes()), "text/html")
    stored = storages["originals"].open(original_path(original.sha256)).read()
    assert gzip.decompress(stored) == page.read_bytes() and original.stored_size == len(stored)
    # The same bytes under another name: another import, the same one stored file.
    shutil.copy(page, tmp_path / "again.html")
    run_import(tmp_path / "again.html")
    assert Original.objects.count() == 1


def test_the_seed_dump_and_each_jsonl_record_keep_what_they_were_made_from(run_import, tmp_path):
    seed = corpus_file("seed") / SEED.name
    records = [
        {
            "title": "第一条记录的标题",
            "body": "这是第一条测试记录的正文。",
            "published_at": "2021-03-01",
            "url": "https://example.org/1",
        },
        {
            "title": "第二条记录的标题",
            "body": "这是第二条测试记录的正文。",
            "published_at": "2021-03-02",
            "url": "https://example.org/2",
        },
    ]
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    run_import(seed, jsonl)
    assert Original.objects.get(sha256=sha256(seed.read_bytes())).read() == seed.read_bytes()
    for record, line in zip(records, jsonl.read_text(encoding="utf-8").splitlines(), strict=True):
        copy = Copy.objects.get(url=record["url"])
        original = Original.objects.for_copy(copy)
        assert original.read() == line.encode() and original.media_type == "application/json"


def test_a_failed_import_keeps_no_original_row_or_file(run_import, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Original.objects, "bulk_create", fail)
    page = PAGES / "gbk_no_charset.html"
    result = run_import(page)
    assert result.code == 1 and "RuntimeError: the database went away" in result.output
    assert not Article.objects.exists() and not Original.objects.exists()
    assert not storages["originals"].exists(original_path(sha256(page.read_bytes())))


def test_a_dry_run_keeps_no_original(run_import):
    page = PAGES / "gbk_no_charset.html"
    run_import(page, dry_run=True)
    assert not Original.objects.exists()
    assert not storages["originals"].exists(original_path(sha256(page.read_bytes())))


def test_the_capture_is_one_click_from_the_article_and_says_where_and_when(client, run_import):
    run_import(PAGES / "gbk_no_charset.html")
    copy = Copy.objects.get()
    article_page = client.get(copy.article.get_absolute_url()).content.decode()
    assert f'href="/copies/{copy.pk}/capture/"' in article_page
    page = client.get(f"/copies/{copy.pk}/capture/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<iframe class="capture" sandbox src="/copies/{copy.pk}/original"' in html
    assert copy.captured_at.astimezone().strftime("%Y-%m-%d") in html and copy.raw_hash in html


def test_the_original_is_served_as_captured_under_a_sandbox(client, run_import):
    page = PAGES / "gbk_no_charset.html"
    run_import(page)
    copy = Copy.objects.get()
    response = client.get(f"/copies/{copy.pk}/original")
    assert response.content == page.read_bytes()
    assert response["Content-Type"] == "text/html; charset=gb18030"  # no charset declared; not UTF-8
    policy = response["Content-Security-Policy"]
    assert policy == SANDBOX and policy.startswith("sandbox;")
    assert "allow-scripts" not in policy and "allow-same-origin" not in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_a_copy_without_a_kept_original_has_no_capture_link_and_404s(client, run_import):
    run_import(PAGES / "gbk_no_charset.html")
    Original.objects.all().delete()
    copy = Copy.objects.get()
    assert "/capture/" not in client.get(copy.article.get_absolute_url()).content.decode()
    assert client.get(f"/copies/{copy.pk}/capture/").status_code == 404
    assert client.get(f"/copies/{copy.pk}/original").status_code == 404
    assert client.get("/copies/999999/original").status_code == 404
