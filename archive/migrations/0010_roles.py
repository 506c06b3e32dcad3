"""The two roles of the admin, as groups: curator (edits articles, entities, aliases and mentions,
and runs imports) and reader (sees everything in the admin, changes nothing)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED = ["article", "copy", "source", "agency", "campaign", "alias", "agencymention", "campaignmention"]


def forwards(apps, schema_editor):
    # Permissions are created after all migrations run; these groups need them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    archive = Permission.objects.filter(content_type__app_label="archive")
    curator, _ = Group.objects.get_or_create(name="curator")
    curator.permissions.set(archive.filter(content_type__model__in=CURATED))  # with import_articles
    reader, _ = Group.objects.get_or_create(name="reader")
    reader.permissions.set(archive.filter(content_type__model__in=CURATED, codename__startswith="view_"))


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["curator", "reader"]).delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0009_article_import_permission"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, backwards)]
