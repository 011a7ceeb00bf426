# Image for the web server, the Celery worker and Celery beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=lawgov.settings \
    LAWGOV_MEDIA_ROOT=/data/media

WORKDIR /app

# pango and a Chinese font: WeasyPrint draws the gap report's PDF with them.
COPY scripts/system-packages.sh scripts/as-root.sh scripts/
RUN bash scripts/system-packages.sh && rm -rf /var/lib/apt/lists/*

# Dependencies first, so code changes do not reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Unprivileged user; it owns only the directories that are written at run time
# (uploaded files and collected static files, both mounted as volumes).
RUN useradd --create-home --uid 1000 lawgov \
    && mkdir -p /data/media /app/staticfiles \
    && chown lawgov:lawgov /data/media /app/staticfiles
USER lawgov

EXPOSE 8000
CMD ["gunicorn", "lawgov.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
