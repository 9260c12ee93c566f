"""The blob store port: thumbnails and other binary artefacts, addressed by key."""

from __future__ import annotations

from typing import Protocol


class BlobStore(Protocol):
    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None: ...

    def get(self, key: str) -> bytes:
        """The blob's bytes; raises KeyError when there is none."""

    def exists(self, key: str) -> bool: ...

    def url(self, key: str) -> str:
        """A URL a browser can fetch the blob from."""
