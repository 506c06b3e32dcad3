# The archive's web service (and the compose file's backup service): gunicorn behind the compose
# file's port 8000, static files by whitenoise, as a user without privileges.
#
# The base image is pinned by its exact tag only. Pinning its digest as well
# (FROM python:3.11.7-slim-bookworm@sha256:...) is the aim, but a digest could not be verified where
# this was written (no registry access), and this tag has been rebuilt over time (public Dockerfiles
# pin several different digests under it), so none was copied from elsewhere. To pin it, on a
# machine with access: `docker buildx imagetools inspect python:3.11.7-slim-bookworm` and append
# the index's "Digest:" to the tag.
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# pg_dump and pg_restore for backup_archive and restore_archive: bookworm's client is PostgreSQL 15,
# the major version of the compose file's database (pg_dump must not be older than the server).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# var/backups exists in the image, owned by the app's user, so that a new backups volume mounted
# there is writable by it.
RUN useradd --system --uid 1000 --home /app archive \
    && mkdir -p var/backups && DJANGO_DEBUG=0 python manage.py collectstatic --noinput \
    && chown -R archive:archive var
USER archive
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
