# The archive's image: gunicorn on port 8000 (static files by whitenoise) for the web service, and
# the same image for the compose file's backup service. Two stages: the first installs the Python
# packages into a virtualenv, the second copies that virtualenv beside Debian's python3 (the same
# path, so the venv's links hold) without pip's caches or anything the install needed.
#
# The base is Debian bookworm's slim image, pinned by tag. Pinning its digest as well
# (FROM debian:bookworm-slim@sha256:...) is the aim, but no registry can be reached where this was
# written (`make compose-test` builds the base itself with debootstrap; README, Deploying), so no
# digest could be verified. To pin it, on a machine with access:
# `docker buildx imagetools inspect debian:bookworm-slim` and append the index's "Digest:".
FROM debian:bookworm-slim AS packages
# PIP_CERT: only for a build behind an https-intercepting proxy (`make compose-test` here mounts the
# machine's CA bundle for this stage); this stage is not part of the image.
ARG PIP_CERT
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
RUN python3 -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check -r /tmp/requirements.txt \
    && /opt/venv/bin/pip uninstall -y --disable-pip-version-check pip setuptools \
    && find /opt/venv -name __pycache__ -prune -exec rm -rf {} + \
    && /opt/venv/bin/python -m compileall -q -j 0 /opt/venv/lib

FROM debian:bookworm-slim
# python3 for the venv; pg_dump and pg_restore for backup_archive and restore_archive: bookworm's
# client is PostgreSQL 15, the major version of the compose file's database (pg_dump must not be
# older than the server).
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log \
    && useradd --system --uid 1000 --home-dir /app --no-create-home archive
COPY --from=packages /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 LANG=C.UTF-8
WORKDIR /app
COPY . .
# The code and the static files belong to root and are only read (the compose file also mounts the
# root filesystem read-only); var/backups, var/originals and var/harvests belong to the app's user,
# so that new volumes mounted there are writable by it. The code's bytecode is compiled here, as nothing can be written
# at run time.
RUN python -m compileall -q -j 0 archive config \
    && DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic python manage.py collectstatic --noinput -v0 \
    && mkdir -p var/backups var/originals var/harvests \
    && chown archive:archive var/backups var/originals var/harvests
USER archive
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["python", "/app/docker/healthcheck.py"]
ENTRYPOINT ["/app/docker/entrypoint.sh"]
