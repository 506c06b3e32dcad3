#!/bin/sh
# As the official image: `redis-server ARGS` listens on every address of the container without
# protected mode (the compose network is its only reach; nothing publishes its port).
set -eu
if [ "${1:-}" = redis-server ]; then
    shift
    exec redis-server --bind 0.0.0.0 --protected-mode no "$@"
fi
exec "$@"
