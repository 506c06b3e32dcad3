"""Rebuild the reprint families of the whole archive from the articles' fingerprints."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.reprints import families as reprints
from archive.reprints.models import Fingerprint, FingerprintBand


class Command(BaseCommand):
    help = "Find near-duplicate texts (reprints) and rebuild the families, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument(
            "--threshold",
            type=float,
            default=reprints.THRESHOLD,
            help=f"least resemblance (0-1) that joins two articles; default {reprints.THRESHOLD}, measured",
        )
        parser.add_argument(
            "--refingerprint", action="store_true", help="compute every article's fingerprint again first"
        )

    def handle(self, *args, threshold, refingerprint, **options):
        if not 0 < threshold <= 1:
            raise CommandError("--threshold must be above 0 and at most 1")
        started = time.perf_counter()
        with transaction.atomic():
            if refingerprint:
                Fingerprint.objects.all().delete()  # and their bands: all are computed again below
                FingerprintBand.objects.all().delete()
            figures = reprints.rebuild(threshold)
        figures["seconds"] = round(time.perf_counter() - started, 1)
        self.stdout.write(", ".join(f"{name} {value}" for name, value in figures.items()))
