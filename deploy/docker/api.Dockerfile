# The Ingestion API (port 3001) with the results consumer and the outbox relay, for wherever it
# runs (ECS, a VM, a laptop). PostgreSQL driver and boto3; no video or ML extras.
#
#   docker build -f deploy/docker/api.Dockerfile -t tiktok-commerce-api .
#   docker run --env-file .env.local -e DATABASE_URL=... -p 3001:3001 tiktok-commerce-api

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install ".[postgres,aws]"

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=3001 \
    AUTH_REQUIRED=true
COPY --from=build /opt/venv /opt/venv
RUN useradd --system --uid 10001 --create-home api
USER api
WORKDIR /home/api
EXPOSE 3001
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '3001')}/health/live\", timeout=4)"]
ENTRYPOINT ["tiktok-commerce"]
CMD ["api"]
