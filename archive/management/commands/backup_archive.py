"""Back up the archive's database to one file (`make backup`), while the site keeps running.

A restore needs nothing but this file: a pg_dump custom-format archive on PostgreSQL, a copy made
by the online backup API on SQLite. The file appears only when it is complete."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from archive import backups


class Command(BaseCommand):
    help = "Write a backup of the database to var/backups/archive-<UTC time>.dump (PostgreSQL) or .sqlite3 (SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="the file to write (must not exist); default var/backups/")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database alias to back up")

    def handle(self, *args, output=None, database=DEFAULT_DB_ALIAS, **options):
        try:
            path = backups.backup(output or backups.default_path(database), database)
        except backups.BackupError as error:
            raise CommandError(f"no backup written: {error}") from error
        size = path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"{path} ({size / 1e6:.1f} MB)"))
