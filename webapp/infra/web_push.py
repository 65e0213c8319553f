"""Send Web Push messages (RFC 8030), encrypted for their subscriptions (RFC 8291) and signed (RFC 8292).

A thin wrapper over pywebpush that turns every outcome into a PushResult, so the
sender decides what a status means: 201 delivered, 404/410 the subscription is
gone, 429/5xx (or no answer) try again later. The HTTP requests go only where
webapp.infra.push_network allows: https, to a checked global address, never
through a proxy, never following a redirect. Many are sent at once, a few per push
service, and a run stops starting new ones at its deadline: one push service (or
one athlete's endpoints) that never answers cannot hold everyone's reminders.
"""
import json
import queue
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError, NewConnectionError

from webapp.infra.push_network import PushNetwork, is_public_address

# No wait longer than a day: a reminder is worth nothing by then, and a 30-digit Retry-After must not overflow a date.
LONGEST_RETRY_AFTER_SECONDS = 24 * 3600.0


@dataclass(frozen=True)
class PushResult:
    status: int | None
    retry_after_seconds: float | None = None
    error: str | None = None
    # No retry can change the outcome (the endpoint or its address is refused, the keys cannot be encrypted for).
    final: bool = False
    # False when the run's time ran out before this one was sent: it waits for the next run, no attempt spent.
    attempted: bool = True


@dataclass(frozen=True)
class PushRequest:
    key: int
    subscription: dict  # {endpoint, keys: {p256dh, auth}}
    message: dict
    ttl: int
    urgency: str


@dataclass(frozen=True)
class PushTransport:
    """Where and how long: the network (the Internet, or a test's stub), the CA bundle TLS trusts, the time per request."""

    network: PushNetwork
    ca_bundle: str | bool = True
    timeout_seconds: float = 10.0


class RefusedAddress(NewConnectionError):
    """The endpoint's host resolves to an address the sender never connects to."""


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Read a Retry-After header (seconds, or an HTTP date), at most a day."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), LONGEST_RETRY_AFTER_SECONDS)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - now).total_seconds()), LONGEST_RETRY_AFTER_SECONDS)


class _CheckedConnection(HTTPSConnection):
    """An HTTPS connection opened to an address of its host that was checked just before (TLS still checks the name)."""

    network: PushNetwork  # set by each _PushAdapter's subclass

    def _new_conn(self) -> socket.socket:
        try:
            addresses = self.network.resolve(self.host, self.port)
        except OSError as exc:
            raise NameResolutionError(self.host, self, exc) from exc  # type: ignore[arg-type]
        refused = [address for address in addresses if not is_public_address(address)]
        if not addresses or refused:
            raise RefusedAddress(self, f"{self.host} resolves to an address the sender never connects to: {', '.join(refused) or 'none'}")
        failure: OSError | None = None
        for address in addresses:
            try:
                sock = self.network.connect(address, self.port, self.timeout if isinstance(self.timeout, float | int) else None)
            except OSError as exc:
                failure = exc
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        raise NewConnectionError(self, f"Failed to connect to {self.host}: {failure}")


class _PushAdapter(HTTPAdapter):
    def __init__(self, network: PushNetwork):
        self._connection = type("PushConnection", (_CheckedConnection,), {"network": network})
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"https": type("PushPool", (HTTPSConnectionPool,), {"ConnectionCls": self._connection})}


class _PushSession(requests.Session):
    """https only, no proxy from the environment, and a redirect is an answer, never followed."""

    def __init__(self, transport: PushTransport):
        super().__init__()
        self.trust_env = False
        self.verify = transport.ca_bundle
        self.adapters.clear()
        self.mount("https://", _PushAdapter(transport.network))

    def request(self, method, url, *args, **kwargs):
        kwargs["allow_redirects"] = False
        return super().request(method, url, *args, **kwargs)


def send_push(request: PushRequest, vapid: Vapid02, subject: str, transport: PushTransport) -> PushResult:
    """Send one message; every outcome, an unexpected one included, is a PushResult, never an exception."""
    try:
        with _PushSession(transport) as session:
            response = webpush(
                subscription_info=request.subscription, data=json.dumps(request.message), vapid_private_key=vapid,
                # A fresh claims dict each time: pywebpush fills in aud and exp in place.
                vapid_claims={"sub": subject}, ttl=request.ttl, headers={"Urgency": request.urgency},
                timeout=(transport.timeout_seconds, transport.timeout_seconds), requests_session=session,
            )
    except WebPushException as exc:
        answer = exc.response
        if answer is None:
            return PushResult(None, error=exc.message[:500])
        retry = retry_after_seconds(answer.headers.get("Retry-After"), datetime.now(UTC))
        return PushResult(answer.status_code, retry, (answer.text or "")[:500])
    except requests.ConnectionError as exc:
        cause = getattr(exc.args[0], "reason", None) if exc.args else None
        return PushResult(None, error=f"{type(exc).__name__}: {exc}"[:500], final=isinstance(cause, RefusedAddress))
    except requests.RequestException as exc:
        return PushResult(None, error=f"{type(exc).__name__}: {exc}"[:500])
    except Exception as exc:  # noqa: BLE001 (one subscription's bad data must not stop the other deliveries)
        return PushResult(None, error=f"could not send to this subscription: {type(exc).__name__}: {exc}"[:500], final=True)
    return PushResult(response.status_code)


def _host(request: PushRequest) -> str:
    return urlsplit(str(request.subscription.get("endpoint", ""))).hostname or ""


def send_all(requests_to_send: Iterable[PushRequest], vapid: Vapid02, subject: str, transport: PushTransport, *,
             workers: int, per_host: int, seconds: float) -> dict[int, PushResult]:
    """Send each request, up to `workers` at once and `per_host` at once to one push service, for at most `seconds`.

    A request not started by then is answered as not attempted; one still running
    as no answer (its thread is left to end by its own timeouts).
    """
    deadline = time.monotonic() + seconds
    waiting = deque(requests_to_send)
    results: dict[int, PushResult] = {}
    running: dict[int, str] = {}
    busy: Counter = Counter()
    finished: queue.Queue[tuple[int, PushResult]] = queue.Queue()

    def run(request: PushRequest) -> None:
        finished.put((request.key, send_push(request, vapid, subject, transport)))

    while waiting or running:
        if time.monotonic() < deadline:
            for _ in range(len(waiting)):
                if len(running) >= workers:
                    break
                request = waiting.popleft()
                host = _host(request)
                if busy[host] >= per_host:
                    waiting.append(request)
                    continue
                busy[host] += 1
                running[request.key] = host
                # Daemon threads: one stuck past the deadline must not keep the process from exiting.
                threading.Thread(target=run, args=(request,), daemon=True, name=f"push-{request.key}").start()
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not running:
            break
        try:
            key, result = finished.get(timeout=remaining)
        except queue.Empty:
            break
        results[key] = result
        busy[running.pop(key)] -= 1
    for key in running:
        results[key] = PushResult(None, error="no answer before the run's time ran out")
    for request in waiting:
        results[request.key] = PushResult(None, error="not sent: the run's time ran out", attempted=False)
    return results
