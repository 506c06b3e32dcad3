"""Reference data shipped with the archive: agencies, campaigns, sources and their aliases.

Loaded by a data migration and again by `load_reference` after the fixtures change. Loading is
idempotent: it creates what is missing and updates what the fixtures describe, and never deletes
what curators added.
"""

import json
from datetime import date
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read_fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _date(value):
    return date.fromisoformat(value) if value else None


def load_reference(apps=None) -> dict:
    """Create or update every agency, campaign and source in the fixtures. Returns counts."""
    if apps is None:
        from django.apps import apps
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
                "name_en": row.get("name_en", ""),
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

    campaigns = read_fixture("campaigns.json")
    for row in campaigns:
        campaign, _ = Campaign.objects.update_or_create(
            name=row["name"],
            defaults={
                "name_en": row.get("name_en", ""),
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

    sources = read_fixture("sources.json")
    for row in sources:
        source, _ = Source.objects.update_or_create(
            name=row["name"], defaults={"slug": row["slug"], "kind": row.get("kind", "website")}
        )
        for alias in row.get("aliases", []):
            Alias.objects.update_or_create(name=alias, defaults={"source": source, "agency": None, "campaign": None})
    return {"agencies": len(agencies), "campaigns": len(campaigns), "sources": len(sources)}
