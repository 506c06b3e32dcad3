"""Run the name refresh tasks a stopped process left pending (or that failed, with --retry-failed)."""

from django.core.management.base import BaseCommand

from archive.curation.refresh import run_pending


class Command(BaseCommand):
    help = "Re-extract and re-index the articles affected by alias changes whose refresh has not run."

    def add_arguments(self, parser):
        parser.add_argument("--retry-failed", action="store_true", help="run failed tasks again too")

    def handle(self, *args, retry_failed=False, **options):
        tasks = run_pending(retry_failed)
        for task in tasks:
            self.stdout.write(f"{task}: {task.articles or 0} articles {task.error}".rstrip())
        self.stdout.write(self.style.SUCCESS(f"{len(tasks)} tasks run"))
