#!/bin/sh
# The container's entrypoint. It waits for the database, at most DATABASE_WAIT_SECONDS (60); then,
# with no arguments, migrates and serves; with arguments, runs them instead (the backup service,
# `docker compose run web python manage.py ...`). jieba's dictionary is loaded by config.wsgi
# before gunicorn forks its workers (--preload), so each worker shares it instead of building its own.
set -eu
python - <<'PY'
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# One attempt at a host that does not answer gives up after 5 s, so the whole wait stays bounded.
os.environ.setdefault("PGCONNECT_TIMEOUT", "5")
import django
from django.db import connection

django.setup()
limit = float(os.environ.get("DATABASE_WAIT_SECONDS", "60"))
deadline = time.monotonic() + limit
where = f"{connection.vendor} database {connection.settings_dict['NAME']}"
if connection.settings_dict.get("HOST"):
    where += f" at {connection.settings_dict['HOST']}:{connection.settings_dict.get('PORT') or 5432}"
said = None
while True:
    try:
        connection.ensure_connection()
        break
    except Exception as error:  # any failure to connect is worth another try until the deadline
        reason = str(error).strip() or type(error).__name__
        if reason != said:
            print(f"waiting for the {where}: {reason}", file=sys.stderr, flush=True)
            said = reason
        if time.monotonic() >= deadline:
            sys.exit(f"gave up: the {where} did not answer within {limit:g} s (DATABASE_WAIT_SECONDS); last error: {reason}")
        time.sleep(1)
PY
if [ "$#" -gt 0 ]; then
    exec "$@"
fi
python manage.py migrate --noinput
# Alias refreshes a stopped container left unfinished run again (they are idempotent).
python manage.py refresh_names --retry-failed
# One access-log line per request on stdout: the client as the proxy in front names it, the time
# taken. No control socket: the root filesystem is read-only (signals do its work: `docker compose
# kill -s HUP web` reloads the workers).
exec gunicorn config.wsgi:application --preload --bind "0.0.0.0:${PORT:-8000}" \
    --workers "${GUNICORN_WORKERS:-3}" --timeout 60 --no-control-socket \
    --access-logfile - \
    --access-logformat '%(h)s %({x-forwarded-for}i)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
