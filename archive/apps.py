from importlib import import_module

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    """The one app. archive/models/ holds the core nouns; each capability keeps its own models in
    its package (figures/models.py ...) and they are loaded here with the core, so that the tables
    keep the archive_ prefix and one set of migrations covers them all."""

    name = "archive"
    verbose_name = "政策档案"
    capabilities = ("listing", "reprints", "figures", "curation", "documents", "captures", "harvest")

    def import_models(self):
        super().import_models()
        for capability in self.capabilities:
            import_module(f"{self.name}.{capability}.models")

    def ready(self):
        # Connect the receivers (Django's documented place for it).
        from . import signals  # noqa: F401
        from .curation import signals as curation_signals  # noqa: F401
