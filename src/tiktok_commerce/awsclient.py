"""boto3 clients built from the settings, shared by the SNS/SQS bus, the S3 blob store and provisioning.

boto3 is the `aws` extra: it is imported here, and this module only where AWS is used.
"""

from __future__ import annotations

from typing import Any

from tiktok_commerce.settings import Settings

# Long polls wait up to 20 s, so reads must be allowed longer than that; retries use the
# "standard" mode (exponential backoff with jitter on throttling and 5xx).
READ_TIMEOUT_S = 30
CONNECT_TIMEOUT_S = 5


def make_client(settings: Settings, service: str) -> Any:
    """A boto3 client for `service` in the configured region (and endpoint, for moto or LocalStack)."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError as exc:  # a clear message instead of a traceback deep in a worker
        raise RuntimeError(
            "BUS=aws / BLOBS=s3 need boto3: install the aws extra (pip install 'tiktok-commerce[aws]')"
        ) from exc
    config = Config(
        region_name=settings.aws_region,
        connect_timeout=CONNECT_TIMEOUT_S,
        read_timeout=READ_TIMEOUT_S,
        retries={"mode": "standard", "max_attempts": 5},
        # Presigned S3 URLs with SigV4 (botocore would otherwise presign with the deprecated SigV2).
        signature_version="s3v4" if service == "s3" else None,
    )
    return boto3.session.Session().client(service, endpoint_url=settings.aws_endpoint_url, config=config)
