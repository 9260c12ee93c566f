"""Blobs (thumbnails) in an S3 bucket; browsers get presigned GET URLs, or a public CDN base URL.

The bucket stays private: a presigned URL lets a browser fetch one object for a while without
credentials. When a CDN (CloudFront with origin access control) fronts the bucket, set
S3_PUBLIC_BASE_URL and the URLs are plain `<base>/<key>`, cacheable and stable.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tiktok_commerce.settings import Settings

URL_EXPIRY_S = 7 * 24 * 3600  # SigV4's maximum: pages rendered now still show images next week
CACHE_CONTROL = "public, max-age=31536000, immutable"  # a key's bytes never change (idempotent handlers)


class S3BlobStore:
    def __init__(
        self, client: Any, bucket: str, public_base_url: str | None = None, url_expiry_s: int = URL_EXPIRY_S
    ) -> None:
        self.client = client
        self.bucket = bucket
        self.public_base_url = public_base_url.rstrip("/") if public_base_url else None
        self.url_expiry_s = url_expiry_s

    @classmethod
    def from_settings(cls, settings: Settings) -> S3BlobStore:
        from tiktok_commerce.awsclient import make_client

        if not settings.s3_bucket:
            raise RuntimeError("BLOBS=s3 needs S3_BUCKET (the bucket Terraform outputs as thumbnails_bucket)")
        return cls(make_client(settings, "s3"), settings.s3_bucket, settings.s3_public_base_url)

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=key, Body=data, ContentType=content_type, CacheControl=CACHE_CONTROL
        )

    def get(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except self.client.exceptions.NoSuchKey as exc:
            raise KeyError(key) from exc

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    @property
    def url_prefix(self) -> None:
        """None: each URL is made for its key (presigned, or the CDN base and the quoted key)."""
        return None

    def url(self, key: str) -> str:
        if self.public_base_url:
            return f"{self.public_base_url}/{quote(key)}"
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=self.url_expiry_s
        )
