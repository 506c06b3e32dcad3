"""The roles reach what the curation work added: the review queue of suggested campaigns (curator:
all of it; reader: view), the name refresh tasks and the history of changes (both: view; the
history's revert is a change of the object itself)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED = ["suggestedcampaign"]
VIEWED = [
    "suggestedcampaign",
    "refreshtask",
    "historicalarticle",
    "historicalagency",
    "historicalcampaign",
    "historicalalias",
    "historicalsource",
    "historicalagencymention",
    "historicalcampaignmention",
]


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
    dependencies = [("archive", "0012_curation_history")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
