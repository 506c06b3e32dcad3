#!/bin/sh
# The compose file's backup service: a backup when it starts and then every BACKUP_INTERVAL_SECONDS
# (86400: daily) into var/backups (the backups volume), keeping the newest BACKUP_KEEP (14). Old
# backups are deleted only after a new one is written, so a backup that keeps failing never costs
# the last good ones; each failure is in `docker compose logs backup`.
set -u
interval=${BACKUP_INTERVAL_SECONDS:-86400}
keep=${BACKUP_KEEP:-14}
# As the container's first process, the shell ignores SIGTERM unless it traps it: `docker compose
# stop` would wait its 10 s and kill. The sleep runs in the background so that the trap runs at once.
trap 'exit 0' TERM INT
while :; do
    if python manage.py backup_archive; then
        ls -1t var/backups/archive-*.dump var/backups/archive-*.sqlite3 2>/dev/null \
            | tail -n +"$((keep + 1))" | xargs -r rm -f --
    else
        echo "backup failed; the earlier backups are kept" >&2
    fi
    sleep "$interval" &
    wait $!
done
