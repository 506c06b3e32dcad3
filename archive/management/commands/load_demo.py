"""Load the demo articles shipped in archive/fixtures/demo through the ordinary importer.

They are written for this project (real facts, our own sentences), so a new archive has something
to browse. Running it again changes nothing. A curator's linking of metric wordings into one
series is shown too: the yearly counts of telecom-fraud cases are written three ways.
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from archive.figures.models import MetricVariant

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo"
SERIES = {"破获电诈案件": "破获电信网络诈骗案件", "侦破的电信网络诈骗案件": "破获电信网络诈骗案件"}


class Command(BaseCommand):
    help = "Import the demo articles."

    def handle(self, *args, verbosity=1, **options):
        call_command("import_articles", str(DEMO), verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
        for name, series in SERIES.items():
            MetricVariant.objects.get_or_create(name=name, defaults={"series": series})
