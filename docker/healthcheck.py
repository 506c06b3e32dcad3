"""The container's health: /healthz over plain http from inside, as the first allowed host.

/healthz answers 200 only when the database does (archive/health.py), is exempt from the https
redirect, and is asked for by a name in DJANGO_ALLOWED_HOSTS, as Django refuses any other Host."""

import os
import sys
import urllib.request

hosts = [h.strip().lstrip(".") for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")]
host = next((h for h in hosts if h and h != "*"), "localhost")
port = os.environ.get("PORT", "8000")
request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310 (our own http URL)
        print(response.status, response.read(200).decode())
except Exception as error:  # any failure is unhealthy: refused, timed out, a 503 or a 400
    sys.exit(f"unhealthy: {error}")
