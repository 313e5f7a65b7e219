"""Where a discovered link may lead: never to a private, loopback or link-local address.

A feed entry, a redirect, a robots.txt redirect or a canonical link is written by whoever wrote
the page, so following it blindly would let any page make the monitor request an address inside
its own network (server-side request forgery: a cloud metadata service at 169.254.169.254, an
admin page on 127.0.0.1) and publish the answer through Datasette. The check is made on the
addresses the host name resolves to, not on the name: `internal.example.com` pointing to 10.0.0.5
is refused like `10.0.0.5` itself.

URLs written in sources.toml are trusted as written; the caller says which fetches may reach
private addresses (see ``Fetcher.fetch``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_public(address: str) -> bool:
    """Whether an IP address is one of the internet's (not private, loopback, link-local,
    shared, reserved or multicast)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def addresses_of(url: str) -> list[str]:
    """The IP addresses the URL's host stands for (itself, for an IP literal); raises
    ``socket.gaierror`` when the name does not resolve and ValueError for a malformed URL."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        return [str(ipaddress.ip_address(host.split("%", 1)[0]))]
    except ValueError:
        pass
    port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


async def private_refusal(url: str) -> str | None:
    """Why a discovered link to ``url`` may not be followed, or None when it may.

    A name that does not resolve is let through: the request then fails as a DNS error.
    """
    try:
        addresses = await addresses_of(url)
    except (OSError, UnicodeError):
        return None
    private = [address for address in addresses if not is_public(address)]
    if not private:
        return None
    host = urlsplit(url).hostname
    where = private[0] if private[0] == host else f"{host} ({private[0]})"
    return f"{where} is a private, loopback or link-local address: a discovered link may not lead there"


async def on_private_address(url: str) -> bool:
    """Whether ``url`` (a configured source) is itself on a private address; False when its
    name does not resolve now."""
    try:
        addresses = await addresses_of(url)
    except (OSError, UnicodeError, ValueError):
        return False
    return any(not is_public(address) for address in addresses)
