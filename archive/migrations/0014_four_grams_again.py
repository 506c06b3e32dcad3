"""PostgreSQL: back to every substring of up to four characters in the gram sets (0011 tried pairs:
imports were faster, strings of three and four characters far slower at scale). The articles are
indexed again, as `reindex --all` would. SQLite: nothing changes."""

from django.core.management import call_command
from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql" and apps.get_model("archive", "Article").objects.exists():
        call_command("reindex", all=True, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("archive", "0013_curation_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
