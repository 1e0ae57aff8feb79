# Production image: gunicorn serving the portal with production settings.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=portal.settings.production

RUN useradd --create-home --uid 1000 eno
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir . 
COPY . .
RUN pip install --no-cache-dir --no-deps -e . \
    && SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-0123456789abcdefXYZ \
       python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/private /app/var/cache && chown -R eno /app/var
USER eno
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
