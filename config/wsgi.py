import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load jieba's dictionary (with the curated aliases) once, before gunicorn forks its workers.
from archive.search.tokenize import warm_up  # noqa: E402

warm_up()

# warm_up() read the curated names from the database: close that connection before gunicorn forks
# (--preload), or every worker inherits the same socket and their queries interleave on it
# ("lost synchronization with server", seen under `make load`).
from django.db import connections  # noqa: E402

connections.close_all()
