"""PostgreSQL: the gram sets hold pairs of characters (and each run's last character) instead of
every substring of up to four: a third of the GIN keys, so imports write faster; strings of three or
more characters are confirmed on the text of their candidates. jieba's words (document) lose their
GIN index: they only rank, and are read for the few thousand candidates that are ranked. The articles
are indexed again here, as `reindex --all` would. SQLite: nothing changes.
"""

from django.core.management import call_command
from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS archive_search_document")
    if apps.get_model("archive", "Article").objects.exists():
        call_command("reindex", all=True, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
