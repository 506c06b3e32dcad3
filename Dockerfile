# The archive's web service: gunicorn behind the compose file's port 8000, static files by whitenoise.
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN useradd --system --uid 1000 --home /app archive \
    && mkdir -p var && DJANGO_DEBUG=0 python manage.py collectstatic --noinput \
    && chown -R archive:archive var
USER archive
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
