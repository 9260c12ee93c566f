"""Pick the blob store the settings ask for."""

from __future__ import annotations

from tiktok_commerce.blobs.base import BlobStore
from tiktok_commerce.settings import Settings


def make_blob_store(settings: Settings) -> BlobStore:
    if settings.blobs == "s3":
        from tiktok_commerce.blobs.s3 import S3BlobStore  # boto3 only where it is used

        return S3BlobStore.from_settings(settings)
    from tiktok_commerce.blobs.local import LocalBlobStore

    return LocalBlobStore(settings.blob_dir, settings.public_base_url)
