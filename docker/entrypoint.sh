#!/bin/sh
# Wait for the database, migrate, then serve. jieba's dictionary is loaded by archive.wsgi before
# gunicorn forks its workers (--preload), so each worker shares it instead of building its own.
set -e
python - <<'PY'
import os, time, sys
import django
from django.db import connection
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
django.setup()
for attempt in range(60):
    try:
        connection.ensure_connection()
        break
    except Exception as error:
        print(f"waiting for the database: {error}", file=sys.stderr)
        time.sleep(1)
else:
    sys.exit("the database did not come up in 60 s")
PY
python manage.py migrate --noinput
# Alias refreshes a stopped container left unfinished run again (they are idempotent).
python manage.py refresh_names --retry-failed
exec gunicorn archive.wsgi:application --preload --bind "0.0.0.0:${PORT:-8000}" \
    --workers "${GUNICORN_WORKERS:-3}" --timeout 60 --access-logfile -
