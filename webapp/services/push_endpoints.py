"""Which push subscription endpoints the server will POST to: a browser push service's public https URL.

A subscription's endpoint comes from the athlete's browser, so it is data an
attacker chooses. Its text is checked when it is registered and again before each
send: https, a DNS host name (no IP literal in any spelling: `127.1`, `2130706433`,
`0x7f000001`, `[::1]`), no user-info, no backslash, the default port, and by default
a host of one of the browsers' push services (PUSH_ALLOWED_HOSTS). Where the name
leads is checked when connecting (webapp.infra.push_network).
"""
import re
from urllib.parse import urlsplit

from webapp.core.wording import N_

# Never a push service, when the allow-list is turned off: names that stay on a private network.
LOCAL_SUFFIXES = ("localhost", "local", "internal", "intranet", "lan", "home", "corp", "home.arpa", "localdomain")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TOP_LEVEL = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")  # never all digits: no dotted or bare number passes as a name
_URL_CHARACTERS = re.compile(r"^[\x21-\x7e]+$")  # printable ASCII: no space, control character or look-alike letter
_PUSH_PORT = 443


def _is_host_name(host: str) -> bool:
    labels = host.split(".")
    return len(host) <= 253 and len(labels) >= 2 and all(_LABEL.match(label) for label in labels) and bool(_TOP_LEVEL.match(labels[-1]))


def _under(host: str, suffixes: list[str] | tuple[str, ...]) -> bool:
    return any(host == suffix or host.endswith("." + suffix) for suffix in suffixes)


def endpoint_problem(endpoint: str, allowed_hosts: list[str] | None) -> str | None:
    """Why the server must not POST to this endpoint, or None.

    allowed_hosts: the push services' hosts (each with its subdomains); None accepts any public host name.
    """
    if not _URL_CHARACTERS.match(endpoint) or "\\" in endpoint:
        return N_("A push service URL has no spaces, backslashes or characters outside plain ASCII.")
    parts = urlsplit(endpoint)
    if parts.scheme != "https":
        return N_("A push service URL starts with https://.")
    if "@" in parts.netloc:
        return N_("A push service URL has no user name or password in it.")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port not in (None, _PUSH_PORT):
        return N_("A push service URL uses the standard https port.")
    host = parts.hostname or ""
    if not _is_host_name(host) or _under(host, LOCAL_SUFFIXES):
        return N_("Not a public push service: its host must be a public name, not an address.")
    if allowed_hosts is not None and not _under(host, allowed_hosts):
        return N_("Not one of the push services this server sends to.")
    return None
