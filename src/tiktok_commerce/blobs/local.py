"""Blobs in a local folder, served by the API under /blobs/."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class LocalBlobStore:
    def __init__(self, root: Path, public_base_url: str) -> None:
        self.root = Path(root)
        self.public_base_url = public_base_url.rstrip("/")

    def path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise KeyError(key)  # a key may never climb out of the root
        return path

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename so a reader never sees half a file, and a retry overwrites cleanly.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)

    def get(self, key: str) -> bytes:
        path = self.path(key)
        if not path.is_file():
            raise KeyError(key)
        return path.read_bytes()

    def exists(self, key: str) -> bool:
        try:
            return self.path(key).is_file()
        except KeyError:
            return False

    @property
    def url_prefix(self) -> str:
        """Every URL is this prefix and the key (lets the read model fill a page's URLs at once)."""
        return f"{self.public_base_url}/blobs/"

    def url(self, key: str) -> str:
        return f"{self.public_base_url}/blobs/{key}"
