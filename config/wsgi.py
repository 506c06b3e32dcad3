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

# What the master loaded (code, the dictionary) stays for the life of every worker: out of the
# garbage collector's sight, a full collection no longer walks it (some 30-60 ms each, a spike in
# a request's time every few requests), and the workers do not write to those shared pages
# (https://docs.python.org/3/library/gc.html#gc.freeze).
import gc  # noqa: E402

gc.collect()
gc.freeze()
