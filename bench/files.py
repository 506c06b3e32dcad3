"""What the benchmarks and evaluations write: their databases under var/ and their figures as JSON.
A fresh clone has no var/ (it is not committed), so each file's folder is made before it is written."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection


def var_path(name: str) -> Path:
    """A file under the checkout's var/, the folder made if it is missing."""
    folder = Path(settings.BASE_DIR) / "var"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def write_json(path, figures: dict) -> None:
    """The figures as JSON at path (--json), its folder made if it is missing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")


def open_kept_archive(articles: int) -> None:
    """Point the connection at the archive that `bench_search --articles N --keep` kept."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        name = Path(settings.BASE_DIR) / "var" / f"bench-{articles}.sqlite3"
        if not name.exists():
            raise CommandError(f"no {name}: run bench_search --articles {articles} --keep first")
        settings_dict["NAME"] = str(name)
    else:
        settings_dict["NAME"] = f"{settings_dict['NAME']}_bench_{articles}"
    connection.close()
