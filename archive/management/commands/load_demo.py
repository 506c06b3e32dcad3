"""Load the demo articles shipped in archive/fixtures/demo through the ordinary importer.

They are written for this project (real facts, our own sentences), so a new archive has something
to browse. Running it again changes nothing.
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo"


class Command(BaseCommand):
    help = "Import the demo articles."

    def handle(self, *args, verbosity=1, **options):
        call_command("import_articles", str(DEMO), verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
