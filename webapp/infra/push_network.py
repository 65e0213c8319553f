"""How the reminder sender reaches a push service: only ever a global address, the one it checked.

The host of a push subscription's endpoint is chosen by whoever registered it, and
a name can resolve to this server's own network, or to a public address now and a
private one a second later (DNS rebinding). So the check is made at connection
time, on every address the name resolves to, and the socket is opened to the very
address that was checked.
"""
import ipaddress
import socket
from typing import Protocol

# Well-known NAT64 prefix: the last 32 bits are an IPv4 address, which is what is reached.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def is_public_address(text: str) -> bool:
    """Whether an address is one the sender may connect to: global unicast, IPv4 inside IPv6 judged as IPv4."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(str(embedded))
    return address.is_global and not address.is_multicast


class PushNetwork(Protocol):
    """How the sender finds and reaches a host: the Internet, or in tests a stub on loopback."""

    def resolve(self, host: str, port: int) -> list[str]: ...

    def connect(self, address: str, port: int, timeout: float | None) -> socket.socket: ...


class InternetNetwork:
    """The system's resolver and a plain TCP connection to the address given."""

    def resolve(self, host: str, port: int) -> list[str]:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return list(dict.fromkeys(str(info[4][0]) for info in infos))

    def connect(self, address: str, port: int, timeout: float | None) -> socket.socket:
        return socket.create_connection((address, port), timeout)
