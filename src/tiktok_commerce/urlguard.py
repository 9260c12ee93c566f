"""Which video URLs may be fetched: http(s), an allowed host, never a private address.

The check resolves the host name and looks at every address it resolves to, so a public-looking
name that points at 127.0.0.1 or 169.254.169.254 is refused too. Fetchers call `check_url` again
on every redirect.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class UnsafeURL(ValueError):
    """The URL may not be fetched; the message says why, in words a user understands."""


def host_allowed(host: str, allowed: list[str]) -> bool:
    host = host.lower().rstrip(".")
    for pattern in allowed:
        if pattern == "*":
            return True
        if pattern.startswith("*."):
            suffix = pattern[1:]
            if host.endswith(suffix) or host == pattern[2:]:
                return True
        elif host == pattern:
            return True
    return False


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(f"the host {host!r} cannot be resolved") from exc
    return sorted({str(info[4][0]) for info in infos})


def check_url(url: str, allowed_hosts: list[str], allow_private: bool, resolve_dns: bool = True) -> str:
    """Return the URL when it may be fetched; raise UnsafeURL saying why not."""
    if not isinstance(url, str) or not url.strip():
        raise UnsafeURL("the URL is empty")
    url = url.strip()
    if len(url) > 2048:
        raise UnsafeURL("the URL is longer than 2048 characters")
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url):
        raise UnsafeURL("the URL contains spaces or control characters")
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. an unclosed IPv6 bracket
        raise UnsafeURL(f"the URL cannot be parsed ({exc})") from exc
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL(f"only http and https URLs can be fetched, not {parts.scheme or 'a bare path'!r}")
    host = parts.hostname
    if not host:
        raise UnsafeURL("the URL has no host")
    if parts.username or parts.password:
        raise UnsafeURL("URLs with credentials are not accepted")
    if not host_allowed(host, allowed_hosts):
        raise UnsafeURL(f"the host {host!r} is not an allowed video host (VIDEO_ALLOWED_HOSTS)")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURL("the URL's port is not a number from 0 to 65535") from exc
    if allow_private or not resolve_dns:
        return url
    for address in resolve(host, port):
        if not _is_public(address):
            raise UnsafeURL(
                f"the host {host!r} resolves to a private or local address ({address}); "
                "set VIDEO_ALLOW_PRIVATE_NETWORKS=true to allow it"
            )
    return url
