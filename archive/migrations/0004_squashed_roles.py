"""The two roles of the admin, as groups, with the permissions 0010, 0013 and 0018 gave them.

curator: changes articles, their copies, sources, agencies, campaigns, aliases, mentions, the
review queue of suggested campaigns, figures and metric wordings (and imports articles); sees the
name refresh tasks and the history of changes (the history's revert is a change of the object
itself). reader: sees all of these, changes nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Every permission of these models (with article's import_articles).
CURATED = [
    "article",
    "copy",
    "source",
    "agency",
    "campaign",
    "alias",
    "agencymention",
    "campaignmention",
    "suggestedcampaign",
    "figure",
    "metricvariant",
]
# The view permission only.
VIEWED = CURATED + [
    "refreshtask",
    "historicalarticle",
    "historicalagency",
    "historicalcampaign",
    "historicalalias",
    "historicalsource",
    "historicalagencymention",
    "historicalcampaignmention",
    "historicalfigure",
    "historicalmetricvariant",
]
ROLES = ["curator", "reader"]


def forwards(apps, schema_editor):
    # Permissions are created after all migrations run; these groups need them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    archive = Permission.objects.filter(content_type__app_label="archive")
    views = archive.filter(content_type__model__in=VIEWED, codename__startswith="view_")
    curator, _ = Group.objects.get_or_create(name="curator")
    curator.permissions.set(archive.filter(content_type__model__in=CURATED) | views)
    reader, _ = Group.objects.get_or_create(name="reader")
    reader.permissions.set(views)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    replaces = [
        ("archive", "0010_roles"),
        ("archive", "0013_curation_roles"),
        ("archive", "0018_figure_roles"),
    ]
    dependencies = [
        ("archive", "0003_squashed_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
