"""Replace the archive's database by a backup that backup_archive wrote (`make restore`).

A restore is the one operation that destroys data, so it checks the backup before touching the
database, refuses a database holding articles or accounts without --force, and replaces it in one
transaction: when anything fails the database is as it was (see archive/backups.py). Restart the
web service afterwards, or let its next query reconnect."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from archive import backups


class Command(BaseCommand):
    help = "Restore the database from a backup file (.dump on PostgreSQL, .sqlite3 on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the backup file")
        parser.add_argument("--force", action="store_true", help="replace a database that holds articles or accounts")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database alias to restore into")

    def handle(self, *args, path, force=False, database=DEFAULT_DB_ALIAS, **options):
        try:
            backups.restore(path, database, force=force)
        except backups.BackupError as error:
            raise CommandError(f"not restored: {error}") from error
        name = connections[database].settings_dict["NAME"]
        self.stdout.write(self.style.SUCCESS(f"restored {path} into {name}"))
