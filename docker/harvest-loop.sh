#!/bin/sh
# The compose file's harvester service: every HARVEST_CHECK_SECONDS (600) it harvests the sources
# that are due (each at its own interval, set in the admin). Without ARCHIVE_HARVEST_CONTACT it
# harvests nothing and says so once: a crawler that site owners cannot reach is not polite.
set -u
check=${HARVEST_CHECK_SECONDS:-600}
trap 'exit 0' TERM INT
pause() { sleep "$1" & wait $!; }
if [ -z "${ARCHIVE_HARVEST_CONTACT:-}" ]; then
    echo "harvesting is off: set ARCHIVE_HARVEST_CONTACT in .env (README, Harvesting)" >&2
    while :; do pause 86400; done
fi
until python manage.py migrate --check >/dev/null 2>&1; do
    echo "waiting for the web service to migrate the database" >&2
    pause 5
done
while :; do
    python manage.py harvest || echo "some harvested pages failed; see the lines above and the admin's harvest runs" >&2
    pause "$check"
done
