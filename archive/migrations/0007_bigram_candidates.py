"""PostgreSQL: distinct bigrams without positions, GIN-indexed, find the candidates of a search;
the positional grams only confirm phrases on those candidates. SQLite: nothing changes."""

from django.db import migrations

POSTGRES = [
    "ALTER TABLE archive_search ADD COLUMN bigrams tsvector NOT NULL DEFAULT ''::tsvector",
    "UPDATE archive_search SET bigrams = strip(grams)",  # empty by now: 0008 indexes the articles
    "CREATE INDEX archive_search_bigrams ON archive_search USING gin (bigrams)",
    "DROP INDEX IF EXISTS archive_search_grams",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("archive", "0006_facet_indexes")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
