# The Caption Parser and the Auto Tagger for AWS Lambda (one image, two functions: Terraform sets
# the handler, tiktok_commerce.workers.aws_lambda.caption_parser_handler or .tagger_handler).
# The core and boto3 only: no video or ML extras (PyAV, onnxruntime, numpy, Pillow, yt-dlp), so
# the image stays small and cold starts short. tests/test_aws_lambda.py holds that.
#
#   docker build -f deploy/docker/lambda.Dockerfile -t tiktok-commerce-lambda-workers .

FROM public.ecr.aws/lambda/python:3.11
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
COPY pyproject.toml README.md /tmp/build/
COPY src /tmp/build/src
RUN pip install --target "${LAMBDA_TASK_ROOT}" "/tmp/build[aws]" && rm -rf /tmp/build
#checkov:skip=CKV_DOCKER_3:Lambda runs every image as its own non-root sandbox user; a USER line would not change that.
HEALTHCHECK NONE
CMD ["tiktok_commerce.workers.aws_lambda.caption_parser_handler"]
