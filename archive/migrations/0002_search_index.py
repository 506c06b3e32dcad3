"""The token index beside archive_article: a GIN-indexed tsvector on PostgreSQL, FTS5 on SQLite."""

from django.db import migrations

POSTGRES = [
    """CREATE TABLE archive_search (
        article_id bigint PRIMARY KEY REFERENCES archive_article (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        title tsvector NOT NULL,
        document tsvector NOT NULL
    )""",
    "CREATE INDEX archive_search_document ON archive_search USING gin (document)",
]
SQLITE = [
    "CREATE VIRTUAL TABLE archive_search USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 0')",
    """CREATE TRIGGER archive_article_unindex AFTER DELETE ON archive_article
       BEGIN DELETE FROM archive_search WHERE rowid = old.id; END""",
]


def create(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS archive_article_unindex")
    schema_editor.execute("DROP TABLE IF EXISTS archive_search")


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
