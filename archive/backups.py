"""Backups of the archive's database, and restores from them, for the database DATABASES names.

PostgreSQL: pg_dump's custom format, restored by pg_restore in one transaction. SQLite: the online
backup API, which copies a consistent snapshot while the site keeps reading and writing.

Nothing is left half-written. A backup is written to `<name>.partial` and renamed when complete.
A restore checks the backup before it touches the target, refuses a target that holds articles or
accounts unless forced, and then replaces the target in one transaction: on SQLite the backup is
first copied to a staging file beside the target and checked there, then copied into the target
by the backup API (one write transaction: readers see the old archive or the new, never a mix; a
file rename would not do, as the target's write-ahead log would be applied to the new file); on
PostgreSQL pg_restore runs with --single-transaction, so a failure rolls every statement back and
the target is as it was.
"""

import os
import sqlite3
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections

from archive.captures.backups import backup_originals, restore_originals, tar_path
from archive.models import Article

BACKUP_DIR = settings.BASE_DIR / "var" / "backups"
# What a backup of this archive must hold; anything else is not one.
REQUIRED_TABLE = Article._meta.db_table


class BackupError(Exception):
    """A backup or restore that was not done; the message says why and what was left as it was."""


def default_path(using="default") -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = ".dump" if connections[using].vendor == "postgresql" else ".sqlite3"
    return BACKUP_DIR / f"archive-{stamp}{suffix}"


def backup(path, using="default") -> Path:
    """Write a backup of the database `using` to `path`, which must not exist yet."""
    path, connection = Path(path), connections[using]
    if path.exists():
        raise BackupError(f"{path} exists already; a backup never overwrites a file")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        if connection.vendor == "postgresql":
            _run(["pg_dump", "--format=custom", f"--file={partial}"], connection, "pg_dump")
        elif connection.vendor == "sqlite":
            _sqlite_backup(connection, partial)
        else:
            raise BackupError(f"backups of {connection.vendor} databases are not supported")
        # The originals after the database: every row in the dump has its file stored already
        # (files are written before their rows commit).
        backup_originals(tar_path(path), using)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def restore(path, using="default", force=False) -> None:
    """Replace the database `using` by the backup at `path`, or leave it untouched and say why."""
    path, connection = Path(path), connections[using]
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    originals = tar_path(path)
    if originals.is_file():  # first: a file without its row is harmless, a row without its file is not
        restore_originals(originals)
    if connection.vendor == "postgresql":
        _check_pg_backup(path, connection)
        _refuse_unless_empty(using, force)
        _run(_PG_RESTORE + [f"--dbname={connection.settings_dict['NAME']}", str(path)], connection, "pg_restore")
    elif connection.vendor == "sqlite":
        _sqlite_restore(path, connection, force, using)
    else:
        raise BackupError(f"restores into {connection.vendor} databases are not supported")
    connection.close()  # the next query reconnects to the restored database


def holdings(using="default") -> dict[str, int]:
    """What a restore would destroy: the articles and user accounts the database holds."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    held = {}
    for model, name in ((Article, "articles"), (get_user_model(), "user accounts")):
        if model._meta.db_table in tables and (n := model._base_manager.using(using).count()):
            held[name] = n
    return held


def _refuse_unless_empty(using, force):
    held = holdings(using)
    if held and not force:
        what = " and ".join(f"{n} {name}" for name, n in held.items())
        raise BackupError(
            f"the database {connections[using].settings_dict['NAME']} holds {what}, which a restore "
            "replaces; nothing was changed. Pass --force (make restore FORCE=1) to replace them."
        )


# --single-transaction: a failed restore rolls back, leaving the target as it was. --no-owner and
# --no-privileges: the restoring user owns what it restores, whoever owned it where it was dumped.
_PG_RESTORE = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
_PG_RESTORE += ["--single-transaction", "--exit-on-error"]


def _check_pg_backup(path, connection):
    listing = _run(["pg_restore", "--list", str(path)], connection, "pg_restore --list", reading=path)
    if f" TABLE DATA public {REQUIRED_TABLE} " not in listing:
        raise BackupError(f"{path} is not a backup of the archive (no {REQUIRED_TABLE}); nothing was changed")


def _run(command, connection, what, reading=None) -> str:
    """Run a PostgreSQL client with the connection's settings in its environment (so that the
    password is not on a command line) and return its output, or raise BackupError with its own."""
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if value := connection.settings_dict.get(key):
            env[variable] = str(value)
    env["PGDATABASE"] = connection.settings_dict["NAME"]
    if sslmode := connection.settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)") from error
    if done.returncode:
        errors = done.stderr.strip() or f"exit status {done.returncode}"
        if reading:
            raise BackupError(f"{reading} is not a readable PostgreSQL backup; nothing was changed: {errors}")
        if command[0] == "pg_restore":
            errors = f"it ran in one transaction, rolled back: the database is as it was. {errors}"
        raise BackupError(f"{what} failed; {errors}")
    return done.stdout


def _sqlite_backup(connection, path):
    name = connection.settings_dict["NAME"]
    if not connection.is_in_memory_db() and not Path(name).is_file():
        raise BackupError(f"there is no database at {name} (is ARCHIVE_SQLITE_PATH or DATABASE_URL right?)")
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        # A backup is one self-contained file, whatever journal the live database keeps.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def _sqlite_restore(path, connection, force, using):
    target_name = connection.settings_dict["NAME"]
    staging_dir = tempfile.gettempdir() if connection.is_in_memory_db() else Path(target_name).resolve().parent
    fd, staged_name = tempfile.mkstemp(prefix=".restore-", suffix=".sqlite3", dir=staging_dir)
    os.close(fd)
    try:
        staged = sqlite3.connect(staged_name)
        try:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                source.backup(staged)
            finally:
                source.close()
            _check_sqlite_backup(staged, path)
            _refuse_unless_empty(using, force)
            connection.ensure_connection()
            staged.backup(connection.connection)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a readable SQLite backup; nothing was changed: {error}") from error
        finally:
            staged.close()
    finally:
        Path(staged_name).unlink(missing_ok=True)


def _check_sqlite_backup(staged, path):
    problems = [row[0] for row in staged.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise BackupError(f"{path} is damaged; nothing was changed: {'; '.join(problems[:5])}")
    if not staged.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [REQUIRED_TABLE]).fetchone():
        raise BackupError(f"{path} is not a backup of the archive (no {REQUIRED_TABLE}); nothing was changed")
