"""Agencies, campaigns and sources from archive/fixtures, so every new archive starts with them."""

from django.db import migrations


def load(apps, schema_editor):
    from archive.reference import load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_search_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
