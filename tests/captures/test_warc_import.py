"""A WARC or WACZ through import_articles and export_warc: each 200 page response becomes a copy at
its WARC-Target-URI, captured at its WARC-Date, with its original; the rest is counted in the
file's line; and the export gives the same payloads back, readable by warcio."""

import hashlib
import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from warcio.archiveiterator import ArchiveIterator

from archive.captures.models import Original
from archive.models import Article, Copy

from .test_warc import (
    GBK_PAGE,
    GBK_URL,
    HTML_GBK,
    UTF8_PAGE,
    UTF8_URL,
    payloads,
    record,
    request,
    response,
    revisit,
    wacz_bytes,
    warc_bytes,
    warcinfo,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_originals")]


def crawl():
    return warc_bytes(
        warcinfo,
        request(GBK_URL),
        response(GBK_URL, GBK_PAGE, headers=HTML_GBK, warc_date="2024-03-05T01:02:03.250Z"),
        response(UTF8_URL, UTF8_PAGE),
        response("http://www.example.gov.cn/missing.html", b"<html>404</html>", status="404 Not Found"),
        record("resource", "http://www.example.gov.cn/logo.png", b"\x89PNG\r\n", "image/png"),
        response("http://www.example.gov.cn/logo.png", b"\x89PNG\r\n", headers=[("Content-Type", "image/png")]),
        revisit(UTF8_URL),
    )


def test_a_warc_imports_its_page_responses_at_their_addresses_and_dates(run_import, tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(crawl())
    result = run_import(path)
    assert result.code == 0, result.output
    line = result.line_for("crawl.warc.gz")
    assert "2 created" in line and "records skipped" in line and "not 200" in line and "not a page" in line
    fire = Copy.objects.get(url=GBK_URL)
    assert fire.captured_at == datetime(2024, 3, 5, 1, 2, 3, 250000, tzinfo=UTC)
    assert fire.article.title == "县人民政府关于做好春季森林防火工作的通知"
    original = Original.objects.for_copy(fire)
    assert original.read() == GBK_PAGE and original.sha256 == hashlib.sha256(GBK_PAGE).hexdigest()
    assert ["Server", "nginx"] in original.headers and original.media_type == "text/html"
    assert Copy.objects.get(url=UTF8_URL).article.title == "关于开展农村供水工程维修养护工作的通知"


def test_a_wacz_imports_the_warcs_in_its_archive_folder(run_import, tmp_path):
    path = tmp_path / "crawl.wacz"
    path.write_bytes(wacz_bytes({"archive/data.warc.gz": crawl(), "datapackage.json": b"{}"}))
    assert run_import(path).code == 0
    assert set(Copy.objects.values_list("url", flat=True)) == {GBK_URL, UTF8_URL}


def test_a_broken_warc_writes_nothing_and_says_why(run_import, tmp_path):
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(crawl()[:-200])
    result = run_import(path)
    assert result.code == 1 and "rejected" in result.line_for("cut.warc.gz")
    assert not Article.objects.exists() and not Original.objects.exists()


def test_a_warc_imported_and_exported_gives_the_same_payloads(run_import, tmp_path):
    source = tmp_path / "crawl.warc.gz"
    source.write_bytes(crawl())
    run_import(source)
    exported = tmp_path / "export.warc.gz"
    call_command("export_warc", str(exported))
    again = payloads(exported.read_bytes())
    assert again == {GBK_URL: GBK_PAGE, UTF8_URL: UTF8_PAGE}
    with exported.open("rb") as stream:
        records = list(ArchiveIterator(stream))
    kinds = [r.rec_type for r in records]
    assert kinds[0] == "warcinfo" and kinds.count("response") == 2 and kinds.count("metadata") == 2
    assert all(r.rec_headers.get_header("WARC-Payload-Digest") for r in records if r.rec_type == "response")
    assert records[0].rec_headers.protocol == "WARC/1.1"


def test_export_warc_takes_the_list_pages_filters_and_never_overwrites(run_import, tmp_path):
    source = tmp_path / "crawl.warc.gz"
    source.write_bytes(crawl())
    run_import(source)
    exported = tmp_path / "fire.warc.gz"
    call_command("export_warc", str(exported), "--q", "森林防火")
    assert set(payloads(exported.read_bytes())) == {GBK_URL}
    with pytest.raises(Exception, match="exists already"):
        call_command("export_warc", str(exported))


def test_a_curator_uploads_a_warc_in_the_admin_and_its_originals_are_kept(curator):
    upload = io.BytesIO(crawl())
    upload.name = "crawl.warc.gz"
    response = curator.post(reverse("admin:archive_article_upload"), {"files": [upload]})
    outcome = {o.name: o for o in response.context["outcomes"]}["crawl.warc.gz"]
    assert not outcome.rejected and outcome.counts["created"] == 2
    assert Original.objects.for_copy(Copy.objects.get(url=GBK_URL)).read() == GBK_PAGE
