#!/bin/sh
# `make load`: gunicorn on 127.0.0.1 over the benchmark archive, and locust against it (headless).
# Writes var/load/ (locust's CSVs and HTML report, gunicorn's log, the workers' memory at the end).
set -eu
: "${DATABASE_URL:?DATABASE_URL names the benchmark archive}"
PORT="${LOAD_PORT:-8088}" WORKERS="${GUNICORN_WORKERS:-3}" USERS="${LOAD_USERS:-50}" TIME="${LOAD_TIME:-5m}"
BIN="$(dirname "$0")/../.venv/bin"
OUT=var/load
mkdir -p "$OUT"
export DJANGO_DEBUG=0 DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-load-test-$(date +%s)-not-a-secret-0123456789abcdef}"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto DJANGO_STATIC_ROOT="$OUT/static"
"$BIN/python" manage.py collectstatic --noinput -v0
"$BIN/gunicorn" config.wsgi:application --preload --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 60 \
    --access-logfile "$OUT/gunicorn-access.log" --error-logfile "$OUT/gunicorn.log" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -fsS -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 1
done
# One warm pass, so the first users do not pay for loading the columns into each worker.
for _ in $(seq 1 $((WORKERS * 2))); do curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/"; done
"$BIN/locust" -f load/locustfile.py --headless -u "$USERS" -r 5 -t "$TIME" --host "http://127.0.0.1:$PORT" \
    --csv "$OUT/locust" --html "$OUT/report.html" --only-summary
# RSS counts the pages a worker shares with the master (--preload: the dictionary, the code) in
# every worker; PSS divides them among the processes sharing them, and private is the worker's own.
echo "gunicorn workers' memory at the end (MB): RSS, PSS, private"
for pid in $(ps -o pid= --ppid "$GUNICORN"); do
    awk -v pid="$pid" '/^Rss:/ {r = $2} /^Pss:/ {p = $2} /^Private_(Clean|Dirty):/ {u += $2}
        END {printf "  %s RSS %.0f PSS %.0f private %.0f\n", pid, r / 1024, p / 1024, u / 1024}' "/proc/$pid/smaps_rollup"
done | tee "$OUT/workers-memory.txt"
