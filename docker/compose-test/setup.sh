#!/usr/bin/env bash
# What `make compose-test` needs, made when missing (each step is skipped once done): podman, runc
# and debootstrap from Debian's packages; podman-compose in a virtualenv of its own; and the images
# that cannot be pulled here, as no registry can be reached: a Debian bookworm base made by
# debootstrap from the apt mirror, tagged as the Dockerfile's FROM, and the stand-in for the
# official PostgreSQL image (postgres/Dockerfile). On a machine with a registry, delete nothing:
# a base that exists already is used as it is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
state=${COMPOSE_TEST_STATE:-$root/var/compose-test}
export CONTAINERS_CONF=$here/containers.conf
PODMAN_COMPOSE_VERSION=1.6.0
BASE=docker.io/library/debian:bookworm-slim
POSTGRES=localhost/archive-compose-test/postgres:15
REDIS=localhost/archive-compose-test/redis:7

missing=()
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "compose-test: ${missing[*]} missing; install them (as root: apt-get install podman runc debootstrap)" >&2; exit 1; }
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null
fi

if [ ! -x "$state/podman-compose/bin/podman-compose" ]; then
    echo "installing podman-compose $PODMAN_COMPOSE_VERSION in $state/podman-compose"
    python3 -m venv "$state/podman-compose"
    "$state/podman-compose/bin/pip" install --quiet "podman-compose==$PODMAN_COMPOSE_VERSION"
fi

if ! podman image exists "$BASE"; then
    echo "making $BASE with debootstrap"
    started=$SECONDS
    rootfs=$state/rootfs
    rm -rf "$rootfs"
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    debootstrap --variant=minbase bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" >/dev/null
    # As Debian's slim images are made: no documentation, manuals or translations, now or from
    # later installs, and no apt caches.
    cat > "$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
DPKG
    find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    rm -rf "$rootfs"/usr/share/{groff,info,linda,locale,man}/* "$rootfs"/var/cache/apt/archives/*.deb \
        "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | podman import --quiet - localhost/debian:bookworm >/dev/null
    podman tag localhost/debian:bookworm "$BASE"
    rm -rf "$rootfs"
    echo "made $BASE in $((SECONDS - started)) s"
fi

# Rebuilt from the layer cache in a second when nothing changed.
podman build --quiet --tag "$POSTGRES" "$here/postgres" >/dev/null
podman build --quiet --tag "$REDIS" "$here/redis" >/dev/null
echo "images ready: $BASE, $POSTGRES, $REDIS"
