from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "政策档案"

    def ready(self):
        from . import signals  # noqa: F401  (alias changes reload the segmenter's dictionary)
