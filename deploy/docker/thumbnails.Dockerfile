# The Thumbnail Generator for ECS Fargate: `tiktok-commerce worker thumbnails` on its SQS queue.
# Slim: Python 3.11 slim + the video extra (PyAV ships its own FFmpeg, onnxruntime its CPU kernels)
# + boto3, and the YOLOv8n detector pulled at build time so a task never downloads it.
#
#   docker build -f deploy/docker/thumbnails.Dockerfile -t tiktok-commerce-thumbnails .
#
# Build args: YOLO_MODEL_URL / YOLO_MODEL_SHA256 to pull the detector from your own export (the
# weights are AGPL-3.0 and not in the repository; see docs/thumbnails.md about the default URL).

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install ".[video,aws]"
ARG YOLO_MODEL_URL=""
ARG YOLO_MODEL_SHA256=""
# Build args are in the environment of RUN; an empty one must not override the built-in default.
# The pull checks the file loads as a YOLOv8 detector (and its SHA-256 when given) or fails the build.
RUN if [ -z "$YOLO_MODEL_URL" ]; then unset YOLO_MODEL_URL; fi; \
    if [ -z "$YOLO_MODEL_SHA256" ]; then unset YOLO_MODEL_SHA256; fi; \
    tiktok-commerce models pull --to /opt/models/yolov8n.onnx

FROM python:3.11-slim
# The root filesystem is read-only on ECS (readonlyRootFilesystem): nothing writes outside /tmp.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    XDG_CACHE_HOME=/tmp/.cache \
    YOLO_MODEL=/opt/models/yolov8n.onnx \
    BUS=aws \
    BLOBS=s3
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/models /opt/models
RUN useradd --system --uid 10001 --home-dir /tmp worker
USER worker
WORKDIR /tmp
# A worker has no port to probe: healthy while the process runs (ECS restarts it when it exits).
HEALTHCHECK NONE
# SIGTERM (ECS's stop) reaches the worker directly: it finishes the video in hand, then exits.
ENTRYPOINT ["tiktok-commerce"]
CMD ["worker", "thumbnails"]
