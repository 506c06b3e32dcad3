"""The roles reach the figures: curators review and correct them and link metric wordings into
series; readers see them and their history."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED = ["figure", "metricvariant"]
VIEWED = ["figure", "metricvariant", "historicalfigure", "historicalmetricvariant"]


def forwards(apps, schema_editor):
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    archive = Permission.objects.filter(content_type__app_label="archive")
    curator, _ = Group.objects.get_or_create(name="curator")
    curator.permissions.add(*archive.filter(content_type__model__in=CURATED))
    curator.permissions.add(*archive.filter(content_type__model__in=VIEWED, codename__startswith="view_"))
    reader, _ = Group.objects.get_or_create(name="reader")
    reader.permissions.add(*archive.filter(content_type__model__in=VIEWED, codename__startswith="view_"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0017_figures")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
