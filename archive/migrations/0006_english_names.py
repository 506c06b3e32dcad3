"""English names of agencies and campaigns (issue 15), shown on the English pages, and the agency
kinds declared in the order the agency list shows them.

The names come from archive/fixtures, read as they are when this runs, as 0003 reads the other
reference data: an existing archive gets the English names of the agencies and campaigns it holds
under the fixtures' Chinese names, and a new one gets them right after 0003 has loaded those.
A name already given is kept; agencies and campaigns the fixtures do not describe keep none
until a curator gives them one.
"""

import json
from pathlib import Path

from django.db import migrations, models

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
KINDS = [
    ("party", "党中央机构"),
    ("npc", "全国人大机构"),
    ("state_council", "国务院及其部门"),
    ("regulator", "监管机构"),
    ("court", "审判机关"),
    ("procuratorate", "检察机关"),
    ("local", "地方政府"),
    ("enterprise", "企业"),
    ("other", "其他"),
]


def english_names(apps, schema_editor):
    for model, fixture in (("Agency", "agencies.json"), ("Campaign", "campaigns.json")):
        Model = apps.get_model("archive", model)
        for row in json.loads((FIXTURES / fixture).read_text(encoding="utf-8")):
            if row.get("name_en"):
                Model.objects.filter(name=row["name"], name_en="").update(name_en=row["name_en"])


def name_en(model_name):
    return migrations.AddField(
        model_name=model_name,
        name="name_en",
        field=models.CharField(blank=True, max_length=200, verbose_name="英文名称"),
    )


def kind(model_name):
    return migrations.AlterField(
        model_name=model_name,
        name="kind",
        field=models.CharField(choices=KINDS, default="other", max_length=20, verbose_name="类型"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_field_names_in_chinese"),
    ]

    operations = [
        name_en("agency"),
        name_en("campaign"),
        name_en("historicalagency"),
        name_en("historicalcampaign"),
        kind("agency"),
        kind("historicalagency"),
        migrations.RunPython(english_names, migrations.RunPython.noop),
    ]
