# The Thumbnail Generator for ECS Fargate: `tiktok-commerce worker thumbnails` on its SQS queue.
# Slim: Python 3.11 slim + the video extra (PyAV ships its own FFmpeg, onnxruntime its CPU kernels)
# + boto3, and the YOLOv8n detector pulled at build time so a task never downloads it.
#
#   docker build -f deploy/docker/thumbnails.Dockerfile -t tiktok-commerce-thumbnails .
#
# Three stages: `build` makes the worker's venv; `model` downloads Ultralytics' official yolov8n.pt
# and exports it to ONNX with torch + Ultralytics (the `export` extra, about 1 GB even as CPU
# wheels); the final stage copies the worker's venv and the one .onnx file, none of torch.
# Build args: YOLO_MODEL_URL / YOLO_MODEL_SHA256 to pull another .pt or a ready ONNX export instead
# (the weights are AGPL-3.0 and not in the repository; see docs/thumbnails.md).

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install ".[video,aws]"

# Bookworm pinned here: the GL and GLib package names OpenCV (an Ultralytics dependency) needs at
# import are stable there. This stage only produces a file, so its OS never reaches the image.
FROM python:3.11-slim-bookworm AS model
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgl1 libglib2.0-0 \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/export
ENV PATH=/opt/export/bin:$PATH
# torch's CPU build first: from PyPI alone pip takes the CUDA build and several GB of GPU libraries
# the export never uses. torchvision pins the torch it matches.
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu torch torchvision
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install ".[video,export]"
ARG YOLO_MODEL_URL=""
ARG YOLO_MODEL_SHA256=""
# Build args are in the environment of RUN; an empty one must not override the built-in default.
# The pull exports the .pt to ONNX, checks it loads as a YOLOv8 detector (and the download's
# SHA-256 when given), or fails the build.
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
COPY --from=model /opt/models/yolov8n.onnx /opt/models/yolov8n.onnx
RUN useradd --system --uid 10001 --home-dir /tmp worker
USER worker
WORKDIR /tmp
# A worker has no port to probe: healthy while the process runs (ECS restarts it when it exits).
HEALTHCHECK NONE
# SIGTERM (ECS's stop) reaches the worker directly: it finishes the video in hand, then exits.
ENTRYPOINT ["tiktok-commerce"]
CMD ["worker", "thumbnails"]
