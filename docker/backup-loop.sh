#!/bin/sh
# The compose file's backup service: a backup when it starts and then every BACKUP_INTERVAL_SECONDS
# (86400: daily) into var/backups (the backups volume), keeping the newest BACKUP_KEEP (14). Old
# backups are deleted only after a new one is written, so a backup that keeps failing never costs
# the last good ones; each failure is in `docker compose logs backup`, and the next try comes after
# BACKUP_RETRY_SECONDS (300) rather than a day.
set -u
interval=${BACKUP_INTERVAL_SECONDS:-86400}
retry=${BACKUP_RETRY_SECONDS:-300}
keep=${BACKUP_KEEP:-14}
# As the container's first process, the shell ignores SIGTERM unless it traps it: `docker compose
# stop` would wait its 10 s and kill. The sleeps run in the background so that the trap runs at once.
trap 'exit 0' TERM INT
pause() { sleep "$1" & wait $!; }
# The web service migrates the database as it starts; a dump taken meanwhile would fail (or catch
# the schema half-changed), so the first backup waits until no migration is pending.
until python manage.py migrate --check >/dev/null 2>&1; do
    echo "waiting for the web service to migrate the database" >&2
    pause 5
done
while :; do
    if python manage.py backup_archive; then
        # Each backup is its database file and, beside it, its .originals.tar: both go together.
        ls -1t var/backups/archive-*.dump var/backups/archive-*.sqlite3 2>/dev/null \
            | tail -n +"$((keep + 1))" | while read -r old; do rm -f -- "$old" "$old.originals.tar"; done
        pause "$interval"
    else
        echo "backup failed; the earlier backups are kept; trying again in $retry s" >&2
        pause "$retry"
    fi
done
