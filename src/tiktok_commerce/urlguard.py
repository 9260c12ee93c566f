"""Which URLs may be fetched: http(s), an allowed host and port, never an internal address.

One policy for every fetch (the video download, yt-dlp's page requests, the oEmbed caption lookup).
`check_url` resolves the host once and checks every address it resolves to; the caller then
connects to exactly those addresses (`tiktok_commerce.guarded_http` pins them), so a name cannot
answer one address to the check and another to the connection (DNS rebinding). Fetchers call
`check_url` again on every redirect.

An address is internal when it is not globally routable, or when it embeds an IPv4 address that is
not: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d),
NAT64 (64:ff9b::/96; 64:ff9b:1::/48 is always local), 6to4 (2002::/16) and Teredo (2001::/32).
Site-local (fec0::/10), unique-local, multicast and reserved addresses are internal too, whatever
Python's `is_global` says of them.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tiktok_commerce.settings import Settings

Resolver = Callable[[str, int], list[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_URL_CHARS = 2048
DEFAULT_PORTS = frozenset({80, 443})

_COMPATIBLE = ipaddress.ip_network("::/96")
_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")


class UnsafeURL(ValueError):
    """The URL may not be fetched; the message says why, in words a user understands."""


def resolve(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host (the default resolver)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(f"the host {host!r} cannot be resolved") from exc
    return sorted({str(info[4][0]).split("%", 1)[0] for info in infos})


@dataclass(frozen=True)
class FetchPolicy:
    """Where fetches may go. `allowed_ports` None means any port; `resolver` None means `resolve`."""

    allowed_hosts: tuple[str, ...]
    allow_private: bool = False
    allowed_ports: frozenset[int] | None = DEFAULT_PORTS
    resolver: Resolver | None = field(default=None, compare=False)

    def with_host(self, host: str, port: int) -> FetchPolicy:
        """This policy plus one operator-configured host and port (the oEmbed endpoint)."""
        ports = None if self.allowed_ports is None else self.allowed_ports | {port}
        return FetchPolicy((*self.allowed_hosts, host.lower()), self.allow_private, ports, self.resolver)

    def addresses(self, host: str, port: int) -> list[str]:
        literal = _literal(host)
        if literal is not None:
            return [str(literal)]
        return (self.resolver or resolve)(host, port)


@dataclass(frozen=True)
class CheckedURL:
    url: str
    host: str
    port: int
    addresses: tuple[str, ...]  # what the connection may go to


def host_allowed(host: str, allowed: tuple[str, ...] | list[str]) -> bool:
    host = host.lower().rstrip(".")
    for pattern in allowed:
        if pattern == "*":
            return True
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) or host == pattern[2:]:
                return True
        elif host == pattern:
            return True
    return False


def _literal(host: str) -> IPAddress | None:
    """The address a host names literally, in any spelling a resolver would take ("127.1", "0x7f.1",
    "2130706433" are 127.0.0.1 to inet_aton), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries by a transition mechanism (may be empty)."""
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip in _COMPATIBLE or ip in _TRANSLATED or ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    return found


def is_internal(ip: IPAddress) -> bool:
    """Whether a fetch to this address would reach something that is not the public internet."""
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback or ip.is_link_local:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _SITE_LOCAL or ip in _NAT64_LOCAL:
            return True
        embedded = embedded_ipv4(ip)
        if embedded:
            return any(is_internal(v4) for v4 in embedded)
    return not ip.is_global


def check_url(url: str, policy: FetchPolicy, resolve_dns: bool = True) -> CheckedURL:
    """The URL's checked form when it may be fetched; raise UnsafeURL saying why not.

    With `resolve_dns` False only the URL itself is checked (no name lookup, addresses empty).
    """
    if not isinstance(url, str) or not url.strip():
        raise UnsafeURL("the URL is empty")
    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        raise UnsafeURL(f"the URL is longer than {MAX_URL_CHARS} characters")
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url):
        raise UnsafeURL("the URL contains spaces or control characters")
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. an unclosed IPv6 bracket
        raise UnsafeURL(f"the URL cannot be parsed ({exc})") from exc
    try:
        port_text = parts.port
    except ValueError as exc:
        raise UnsafeURL("the URL's port is not a number from 1 to 65535") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURL(f"only http and https URLs can be fetched, not {parts.scheme or 'a bare path'!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeURL("the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL("URLs with credentials are not accepted")
    if not host_allowed(host, policy.allowed_hosts):
        raise UnsafeURL(f"the host {host!r} is not an allowed video host (VIDEO_ALLOWED_HOSTS)")
    if port_text == 0:
        raise UnsafeURL("the URL's port is not a number from 1 to 65535")
    port = port_text or (443 if scheme == "https" else 80)
    if policy.allowed_ports is not None and port not in policy.allowed_ports:
        allowed = ", ".join(str(p) for p in sorted(policy.allowed_ports))
        raise UnsafeURL(f"port {port} is not an allowed port ({allowed}; VIDEO_ALLOWED_PORTS)")
    if not resolve_dns:
        return CheckedURL(url, host, port, ())
    addresses = policy.addresses(host, port)
    if not addresses:
        raise UnsafeURL(f"the host {host!r} cannot be resolved")
    if not policy.allow_private:
        for address in addresses:
            ip = _literal(address)
            if ip is None or is_internal(ip):
                raise UnsafeURL(
                    f"the host {host!r} resolves to a private or local address ({address}); "
                    "set VIDEO_ALLOW_PRIVATE_NETWORKS=true to allow it"
                )
    return CheckedURL(url, host.lower(), port, tuple(addresses))


def policy_for(settings: Settings, resolver: Resolver | None = None) -> FetchPolicy:
    """The fetch policy the settings describe (VIDEO_ALLOWED_HOSTS, _PORTS, _ALLOW_PRIVATE_NETWORKS)."""
    return FetchPolicy(
        allowed_hosts=tuple(settings.allowed_hosts),
        allow_private=settings.video_allow_private_networks,
        allowed_ports=settings.allowed_ports,
        resolver=resolver,
    )
