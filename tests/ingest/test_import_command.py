"""import_articles over good and bad files: every good file in, every bad one out with its reason."""

import json
import os
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import SHANGHAI, Agency, AgencyMention, Alias, Article, Campaign, CampaignMention, Copy

from ..conftest import PAGES

pytestmark = pytest.mark.django_db


def counts():
    return (Article.objects.count(), Copy.objects.count(), AgencyMention.objects.count())


@pytest.fixture
def mixed_folder(tmp_path):
    for name in (
        "gov_table_layout.html",
        "gbk_no_charset.html",
        "dump_sample.txt",
        "empty_shell.html",
        "truncated.html",
    ):
        shutil.copy(PAGES / name, tmp_path / name)
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(os.urandom(4096) + b"\0" * 512)
    with open(tmp_path / "huge.html", "wb") as f:
        f.write(b"<html><body><p>" + "电信网络诈骗".encode() * (60 * 1024 * 1024 // 18) + b"</p></body></html>")
    return tmp_path


def test_mixed_run_imports_good_files_rejects_bad_ones_and_exits_1(mixed_folder, run_import):
    result = run_import(mixed_folder)
    assert result.code == 1
    for good in ("gov_table_layout.html", "gbk_no_charset.html", "dump_sample.txt"):
        assert result.line_for(good).split(": ")[1] in {"created", "reprint"}, result.output
    reasons = {
        name: result.line_for(name)
        for name in ("empty.html", "binary.html", "huge.html", "truncated.html", "empty_shell.html")
    }
    assert "empty" in reasons["empty.html"]
    assert "binary" in reasons["binary.html"]
    assert "too large" in reasons["huge.html"]
    assert "truncated" in reasons["truncated.html"]
    assert "no article" in reasons["empty_shell.html"]
    assert all(": rejected: " in line for line in reasons.values())
    assert "5 rejected" in result.lines[-1]
    assert Article.objects.filter(title__contains="该信息已过期").count() == 0
    assert Copy.objects.filter(imported_from__endswith="truncated.html").count() == 0


def test_gbk_page_without_charset_imports_with_its_chinese_intact(run_import):
    result = run_import(PAGES / "gbk_no_charset.html")
    assert result.code == 0, result.output
    article = Article.objects.get()
    assert "“断卡”行动" in article.body and "银行" in article.body
    assert article.published_at is not None
    assert CampaignMention.objects.filter(article=article, campaign__name="断卡").exists()


def test_reimport_changes_nothing(run_import):
    run_import(PAGES)
    before = counts()
    result = run_import(PAGES)
    assert counts() == before
    assert not any(line.endswith((": created", ": updated", ": reprint")) for line in result.lines)


def test_reprint_adds_a_copy_not_an_article(run_import):
    run_import(PAGES / "gov_table_layout.html")
    result = run_import(PAGES / "reprint_other_site.html")
    assert result.line_for("reprint_other_site.html").endswith(": reprint")
    article = Article.objects.get()
    assert article.copies.count() == 2


def test_jsonl_records_import_and_a_bad_line_writes_nothing(tmp_path, run_import):
    good = {"title": "测试标题一", "body": "第一段。\n第二段,提到公安部和“断卡”行动。", "date": "2021-05-01"}
    path = tmp_path / "records.jsonl"
    path.write_text(
        json.dumps(good, ensure_ascii=False) + "\n" + json.dumps({**good, "title": "标题二"}, ensure_ascii=False) + "\n"
    )
    result = run_import(path)
    assert result.code == 0 and "2 created" in result.output
    article = Article.objects.get(title="测试标题一")
    assert article.paragraphs == ["第一段。", "第二段,提到公安部和“断卡”行动。"]
    assert article.published_at.astimezone(SHANGHAI).isoformat() == "2021-05-01T00:00:00+08:00"
    assert CampaignMention.objects.filter(article=article, campaign__name="断卡").exists()

    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**good, "title": "标题三"}, ensure_ascii=False) + "\n{not json\n")
    result = run_import(bad)
    assert result.code == 1 and "line 2" in result.line_for("bad.jsonl")
    assert not Article.objects.filter(title="标题三").exists()


def test_dry_run_writes_nothing(run_import):
    result = run_import(PAGES / "gov_table_layout.html", dry_run=True)
    assert result.code == 0 and "dry run" in result.lines[-1]
    assert Article.objects.count() == 0


def test_new_quoted_operation_becomes_a_suggested_campaign(tmp_path, run_import):
    record = {
        "title": "某地开展专项整治",
        "body": "当地公安机关开展“春雷2021”专项行动,整治电信网络诈骗。",
        "date": "2021-03-01",
    }
    (tmp_path / "one.jsonl").write_text(json.dumps(record, ensure_ascii=False))
    run_import(tmp_path)
    campaign = Campaign.objects.get(name="春雷")
    assert campaign.status == Campaign.Status.SUGGESTED
    assert CampaignMention.objects.filter(campaign=campaign).count() == 1


def test_curator_alias_is_used_by_the_next_import(tmp_path, run_import):
    agency = Agency.objects.get(name="公安部")
    Alias.objects.create(name="公安部本部", agency=agency)
    record = {"title": "一则通报", "body": "公安部本部今天发布通报。", "date": "2022-01-05"}
    (tmp_path / "one.jsonl").write_text(json.dumps(record, ensure_ascii=False))
    run_import(tmp_path)
    assert AgencyMention.objects.get(agency=agency).count == 1


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_shows_on_a_terminal_and_not_in_a_pipe(tmp_path):
    record = {"body": "公安部部署工作。", "date": "2021-01-01"}
    lines = [json.dumps({**record, "title": f"标题{n}"}, ensure_ascii=False) for n in range(150)]
    (tmp_path / "many.jsonl").write_text("\n".join(lines))
    terminal, pipe = Terminal(), StringIO()
    call_command("import_articles", str(tmp_path), stdout=StringIO(), stderr=terminal)
    assert "100 records" in terminal.getvalue()
    call_command("import_articles", str(tmp_path), stdout=StringIO(), stderr=pipe)
    assert pipe.getvalue() == ""


def test_an_edited_page_at_the_same_address_is_updated_not_duplicated(tmp_path, run_import):
    record = {"title": "通报", "body": "公安部通报工作进展。", "date": "2021-02-01", "url": "https://a.test/1"}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False))
    run_import(path)
    path.write_text(json.dumps({**record, "body": "公安部通报工作进展,并部署“断卡”行动。"}, ensure_ascii=False))
    result = run_import(path)
    assert result.lines[0].endswith(": updated")
    article = Article.objects.get()
    assert "断卡" in article.body and article.copies.count() == 1
    assert CampaignMention.objects.filter(article=article, campaign__name="断卡").exists()
    assert list(Article.objects.search("断卡")) == [article]


def test_html_page_keeps_its_canonical_address(tmp_path, run_import):
    page = (PAGES / "gov_table_layout.html").read_text(encoding="utf-8")
    page = page.replace("<head>", '<head><link rel="canonical" href="https://county.test/news/1.html">', 1)
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    run_import(tmp_path)
    assert Copy.objects.get().url == "https://county.test/news/1.html"


def test_a_large_file_on_every_core_gives_the_outcomes_of_one_by_one(tmp_path, run_import):
    def record(n, **extra):
        body = f"第{n}号通报:公安部会同人民银行部署“断卡”行动,打击电信网络诈骗。"
        return {"title": f"通报{n}", "body": body, "date": "2021-03-01", "url": f"https://b.test/{n}", **extra}

    def write(name, records):
        (tmp_path / name).write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
        return tmp_path / name

    lines = [record(n) for n in range(300)]
    lines.append(record(5, url="https://elsewhere.test/5"))  # the same text on another site
    lines.append(record(7))  # the same record again
    many = write("many.jsonl", lines)
    result = run_import(many, workers=2)
    assert result.lines[0].endswith("300 created, 1 unchanged, 1 reprint"), result.output
    assert Article.objects.count() == 300 and Copy.objects.count() == 301
    assert Article.objects.get(copies__url="https://elsewhere.test/5").copies.count() == 2
    assert AgencyMention.objects.filter(agency__name="中国人民银行").count() == 300
    assert Article.objects.search("断卡").count() == 300
    assert run_import(many, workers=2).lines[0].endswith("302 unchanged")

    edited = write("edited.jsonl", [record(9, body="第9号通报改写为新的内容,提到“云剑”行动。")])
    assert run_import(edited).lines[0].endswith(": updated")
    assert CampaignMention.objects.filter(article__copies__url="https://b.test/9", campaign__name="云剑").exists()
    assert Article.objects.search("断卡").count() == 299


def test_a_copy_keeps_the_files_name_and_the_article_page_shows_no_local_path(tmp_path, run_import, client):
    """The public page says where a text was captured: its address, else the file's name, never a
    path on the machine that imported it (here a dump without an address, under a temporary folder)."""
    folder = tmp_path / "private" / "batch"
    folder.mkdir(parents=True)
    shutil.copy(PAGES / "dump_sample.txt", folder)
    assert run_import(folder / "dump_sample.txt").code == 0
    copy = Copy.objects.get()
    assert (copy.url, copy.imported_from) == (None, "dump_sample.txt")
    page = client.get(copy.article.get_absolute_url()).content.decode()
    assert "dump_sample.txt" in page
    assert str(tmp_path) not in page and "private" not in page


def test_a_copy_imported_with_a_path_before_shows_only_the_files_name(client):
    article = Article.objects.create(title="旧导入", body="公安部通报进展。")
    Copy.objects.create(article=article, raw_hash="0" * 64, imported_from="../shared/corpus/seed/000_seed.txt")
    Copy.objects.create(article=article, raw_hash="1" * 64, imported_from="upload:pages.zip/a/record.jsonl")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "000_seed.txt" in page and "record.jsonl" in page
    assert "shared/corpus" not in page and "upload:" not in page and "pages.zip" not in page
