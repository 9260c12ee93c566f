"""The blob store port: thumbnails and other binary artefacts, addressed by key."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable


class BlobStore(Protocol):
    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Store the bytes under the key, replacing what was there (handlers are idempotent)."""

    def get(self, key: str) -> bytes:
        """The blob's bytes; raises KeyError when there is none."""

    def exists(self, key: str) -> bool:
        """Whether a blob is stored under the key."""

    def url(self, key: str) -> str:
        """A URL a browser can fetch the blob from."""

    @property
    def url_prefix(self) -> str | None:
        """When every URL is this prefix and the key, the prefix (the read model then fills a
        page's URLs at once); None when URLs are made one by one (presigned S3 URLs)."""


@runtime_checkable
class BlobFiles(Protocol):
    """An optional capability: a store whose blobs are files on this machine (the local folder),
    so the API serves them itself under /blobs/. Checked once, when the API is wired."""

    def path(self, key: str) -> Path:
        """The file of a key; KeyError or ValueError for a key this store never wrote."""
