"""Rows per table and a SHA-256 of the archive's content: run it before a backup and after a
restore, and the two outputs are equal when the restore is complete."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from archive.digest import archive_digest


class Command(BaseCommand):
    help = (
        "Print the rows of every table and a SHA-256 over the articles, copies, mentions, figures, names and documents."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database alias to describe")

    def handle(self, *args, database=DEFAULT_DB_ALIAS, **options):
        for line in archive_digest(database).lines():
            self.stdout.write(line)
