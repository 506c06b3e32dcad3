import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()

# Load jieba's dictionary (with the curated aliases) once, before gunicorn forks its workers.
from archive.search.tokenize import warm_up  # noqa: E402

warm_up()
