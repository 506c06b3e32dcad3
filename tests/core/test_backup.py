"""Backups restore to the same archive, on the database the suite runs on: a backup restored into a
fresh database has the same rows in every table and the same content hash; a bad backup changes
nothing."""

import hashlib
import io
import re
import tarfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections, transaction
from django.db.utils import load_backend

from archive import backups
from archive.captures.backups import tar_path
from archive.captures.capture import Capture
from archive.captures.models import Original, original_path
from archive.captures.store import keep
from archive.digest import archive_digest
from archive.figures.models import Figure
from archive.models import SHANGHAI, Agency, AgencyMention, Alias, Article, Campaign, CampaignMention, Mention

from ..factories import make_article

# pg_dump and pg_restore work in connections of their own, which see only committed data; as in
# tests/curation/test_curation.py, available_apps lets the flush reach the index tables and
# serialized_rollback brings back the reference data for later tests.
COMMITTED = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, available_apps=[c.name for c in django_apps.get_app_configs()]
)


@pytest.fixture
def three_curated_articles():
    """A small archive: articles with agencies, campaigns and figures, and a curator's changes."""
    bodies = [
        "公安部部署“断卡”行动。全年共破获电信网络诈骗案件32.2万起，抓获犯罪嫌疑人36.1万名。",
        "中国人民银行会同公安部开展“断卡”行动，约谈3000余家机构。",
        "“净网2021”专项行动中，公安部侦破案件6.2万起。",
    ]
    articles = [
        make_article(title=f"备份测试{n}", body=body, published_at=datetime(2021, n + 1, 5, 9, tzinfo=SHANGHAI))
        for n, body in enumerate(bodies)
    ]
    AgencyMention.objects.filter(article=articles[1]).update(origin=Mention.Origin.CURATOR_REMOVED)
    CampaignMention.objects.create(
        article=articles[2], campaign=Campaign.objects.get(name="云剑"), origin=Mention.Origin.CURATOR
    )
    Alias.objects.create(name="备份测试名", agency=Agency.objects.get(name="公安部"))
    articles[0].title = "备份测试(编辑改过)"
    articles[0].save()
    assert Figure.objects.count() >= 3
    return articles


@pytest.fixture
def fresh_database(tmp_path):
    """A new, empty database under a second connection alias: a file on SQLite, a database of its
    own on PostgreSQL (dropped afterwards)."""
    alias, default = f"restored_{uuid.uuid4().hex[:8]}", connections["default"].settings_dict
    if connections["default"].vendor == "postgresql":
        name = f"archive_restore_{uuid.uuid4().hex[:12]}"
        with _maintenance(default) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    else:
        name = str(tmp_path / "restored.sqlite3")
    # Registered as a connection but not as a setting: Django's test case allows such a connection.
    connections[alias] = load_backend(default["ENGINE"]).DatabaseWrapper({**default, "NAME": name}, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        if connections["default"].vendor == "postgresql":
            with _maintenance(default) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _maintenance(settings_dict):
    return psycopg.connect(
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def backup_to(path):
    call_command("backup_archive", "--output", str(path), stdout=io.StringIO())
    return path


@COMMITTED
def test_a_backup_restored_into_a_fresh_database_has_the_same_rows_and_content(
    three_curated_articles, fresh_database, tmp_path
):
    path = backup_to(tmp_path / "archive.backup")
    call_command("restore_archive", str(path), "--database", fresh_database, stdout=io.StringIO())

    source, restored = archive_digest("default"), archive_digest(fresh_database)
    print(f"\n{connections['default'].vendor}:", *source.lines(), sep="\n")  # the figures, with pytest -s
    assert restored.counts == source.counts
    assert restored.sha256 == source.sha256
    assert source.counts[Article._meta.db_table] == 3
    assert Article.objects.using(fresh_database).get(pk=three_curated_articles[0].pk).title == "备份测试(编辑改过)"
    assert CampaignMention.objects.using(fresh_database).filter(origin=Mention.Origin.CURATOR).count() == 1


@COMMITTED
def test_a_restore_refuses_a_database_that_holds_articles_unless_forced(three_curated_articles, tmp_path):
    path = backup_to(tmp_path / "archive.backup")
    Article.objects.filter(pk=three_curated_articles[2].pk).delete()
    before = archive_digest()
    with pytest.raises(CommandError, match=r"holds 2 articles.*--force"):
        call_command("restore_archive", str(path))
    assert archive_digest() == before

    call_command("restore_archive", str(path), "--force", stdout=io.StringIO())
    assert Article.objects.count() == 3


def _empty(path, backup):
    path.write_bytes(b"")


def _truncated(path, backup):
    data = backup.read_bytes()
    path.write_bytes(data[: len(data) * 9 // 10])  # the table of contents whole, the data cut short


def _not_a_backup(path, backup):
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)


@COMMITTED
@pytest.mark.parametrize("spoil", [_empty, _truncated, _not_a_backup])
def test_a_bad_backup_fails_clearly_and_leaves_the_database_as_it_was(three_curated_articles, tmp_path, spoil):
    spoiled = tmp_path / "spoiled.backup"
    spoil(spoiled, backup_to(tmp_path / "archive.backup"))
    before = archive_digest()
    with pytest.raises(CommandError, match=r"not restored: .*(not a|damaged|rolled back)"):
        call_command("restore_archive", str(spoiled), "--force")
    assert archive_digest() == before


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file(tmp_path):
    existing = tmp_path / "archive.backup"
    existing.write_text("keep me")
    with pytest.raises(CommandError, match="exists already"):
        backup_to(existing)
    assert existing.read_text() == "keep me"
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.django_db
def test_backups_are_named_by_their_utc_time():
    path = backups.default_path()
    assert path.parent == Path(backups.BACKUP_DIR)
    assert re.fullmatch(r"archive-\d{8}T\d{6}Z\.(dump|sqlite3)", path.name)


def test_a_backup_of_a_missing_sqlite_file_is_refused_rather_than_made_empty(tmp_path):
    missing = tmp_path / "missing.sqlite3"
    connection = load_backend("django.db.backends.sqlite3").DatabaseWrapper(
        {**connections["default"].settings_dict, "ENGINE": "django.db.backends.sqlite3", "NAME": str(missing)},
        "missing",
    )
    connections["missing"] = connection
    try:
        with pytest.raises(backups.BackupError, match="there is no database at"):
            backups.backup(tmp_path / "out.sqlite3", "missing")
    finally:
        del connections["missing"]
    assert not missing.exists() and not list(tmp_path.glob("out.*"))


@COMMITTED
def test_a_backup_carries_the_originals_and_a_restore_puts_back_the_missing_ones(
    three_curated_articles, fresh_database, tmp_path, settings
):
    page = b"<html><head><title>\xb2\xe2\xca\xd4</title></head><body>\xb2\xe2\xca\xd4</body></html>"
    sha = hashlib.sha256(page).hexdigest()
    capture = Capture(url="https://example.gov.cn/a.html", captured_at=datetime.now(UTC), body=page)
    with transaction.atomic():
        keep({sha: capture}, [])
    try:
        path = backup_to(tmp_path / "archive.backup")
        assert tarfile.open(tar_path(path)).getnames() == [original_path(sha)]
        # A new machine: the database and the originals' storage both empty.
        backend = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "new"}}
        settings.STORAGES = {**settings.STORAGES, "originals": backend}
        call_command("restore_archive", str(path), "--database", fresh_database, stdout=io.StringIO())
        assert archive_digest(fresh_database).sha256 == archive_digest("default").sha256
        assert Original.objects.using(fresh_database).get().read() == page
    finally:
        Original.objects.all().delete()
