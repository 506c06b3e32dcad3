"""Agencies, campaigns and sources (with their aliases) from archive/fixtures, so that every new
archive starts with them, as 0003 loaded them.

The loading is written out here with the historical models: archive/reference.py (used by
`manage.py load_reference` after the fixtures change) may change without changing what this
migration does. It reads the fixture files as they are when it runs, as 0003 did, so that a new
archive starts with the same names as `load_reference` gives an existing one. Idempotent: it
creates what is missing and updates what the fixtures describe; it never deletes anything.
"""

import json
from datetime import date
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def read_fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _date(value):
    return date.fromisoformat(value) if value else None


def load(apps, schema_editor):
    Agency = apps.get_model("archive", "Agency")
    Campaign = apps.get_model("archive", "Campaign")
    Source = apps.get_model("archive", "Source")
    Alias = apps.get_model("archive", "Alias")

    agencies = read_fixture("agencies.json")
    by_name = {}
    for row in agencies:
        by_name[row["name"]], _ = Agency.objects.update_or_create(
            name=row["name"],
            defaults={
                "slug": row["slug"],
                "kind": row["kind"],
                "valid_from": _date(row.get("valid_from")),
                "valid_to": _date(row.get("valid_to")),
                "note": row.get("note", ""),
            },
        )
    for row in agencies:
        agency = by_name[row["name"]]
        agency.parent = by_name.get(row.get("parent"))
        agency.successor = by_name.get(row.get("successor"))
        agency.save(update_fields=["parent", "successor"])
        for alias in row.get("aliases", []):
            Alias.objects.update_or_create(name=alias, defaults={"agency": agency, "campaign": None, "source": None})

    for row in read_fixture("campaigns.json"):
        campaign, _ = Campaign.objects.update_or_create(
            name=row["name"],
            defaults={
                "slug": row["slug"],
                "written_form": row.get("written_form", ""),
                "description": row.get("description", ""),
                "quoted_only": row.get("quoted_only", False),
                "status": "confirmed",
                "first_mentioned": _date(row.get("first_mentioned")),
            },
        )
        campaign.lead_agencies.add(*[by_name[n] for n in row.get("lead_agencies", [])])
        campaign.agencies.add(*[by_name[n] for n in row.get("agencies", [])])
        for alias in row.get("aliases", []):
            Alias.objects.update_or_create(
                name=alias, defaults={"campaign": campaign, "agency": None, "source": None, "kind": "variant"}
            )
        for phase in row.get("phases", []):
            Alias.objects.update_or_create(
                name=phase["name"],
                defaults={"campaign": campaign, "agency": None, "source": None, "kind": "phase", "year": phase["year"]},
            )

    for row in read_fixture("sources.json"):
        source, _ = Source.objects.update_or_create(
            name=row["name"], defaults={"slug": row["slug"], "kind": row.get("kind", "website")}
        )
        for alias in row.get("aliases", []):
            Alias.objects.update_or_create(name=alias, defaults={"source": source, "agency": None, "campaign": None})


class Migration(migrations.Migration):
    replaces = [("archive", "0003_reference_data")]
    dependencies = [("archive", "0002_squashed_search_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
