"""A push service on 127.0.0.1 that checks requests the way a real one does (RFC 8030, 8291, 8292).

It answers for public names (fcm.googleapis.com, ...) over TLS, with a certificate
from a CA made for the test run, behind a StubNetwork: the sender's resolver and
connector in tests. The StubNetwork maps those names to public-looking addresses,
so the sender's production checks (global addresses only, the address connected to
is the one checked) stay on, and routes only those addresses to loopback: no
address outside this machine is ever connected to.

Each subscription the tests make has its own key pair and auth secret; the stub
decrypts what it receives with them, verifies the VAPID JWT (signature, aud, exp,
sub) and answers with the statuses a test scripted for that subscription.
"""
import base64
import datetime
import json
import os
import socket
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from py_vapid import Vapid02

PUSH_HOST = "fcm.googleapis.com"
# Names the stub's certificate covers: push services' hosts, and names an attacker might own.
CERTIFIED_NAMES = [PUSH_HOST, "updates.push.services.mozilla.com", "web.push.apple.com", "wns2-by3p.notify.windows.com",
                   "push.example.net", "rebind.fcm.googleapis.com", "private.fcm.googleapis.com", "silent.push.services.mozilla.com"]
# Public-looking addresses the StubNetwork routes to loopback (never connected to for real).
PUBLIC_ADDRESSES = iter(f"93.184.{third}.{fourth}" for third in range(200, 256) for fourth in range(1, 255))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TestCertificates:
    """A CA made for this run, and one server certificate for CERTIFIED_NAMES; files in a temporary folder."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="push-stub-tls-")
        now = datetime.datetime.now(datetime.UTC)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "BackOnTrack test CA")])
        ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
              .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
              .not_valid_after(now + datetime.timedelta(days=30))
              .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
              .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
              .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
              .sign(ca_key, hashes.SHA256()))
        key = ec.generate_private_key(ec.SECP256R1())
        server = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, PUSH_HOST)]))
                  .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
                  .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
                  .add_extension(x509.SubjectAlternativeName([x509.DNSName(name) for name in CERTIFIED_NAMES]), critical=False)
                  .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                  .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                  .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
                  .sign(ca_key, hashes.SHA256()))
        self.ca_file = os.path.join(self.folder, "ca.pem")
        self.cert_file = os.path.join(self.folder, "server.pem")
        self.key_file = os.path.join(self.folder, "server.key")
        with open(self.ca_file, "wb") as out:
            out.write(ca.public_bytes(serialization.Encoding.PEM))
        with open(self.cert_file, "wb") as out:
            out.write(server.public_bytes(serialization.Encoding.PEM))
        with open(self.key_file, "wb") as out:
            out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context


_certificates: TestCertificates | None = None


def certificates() -> TestCertificates:
    global _certificates
    if _certificates is None:
        _certificates = TestCertificates()
    return _certificates


class StubNetwork:
    """The sender's network in tests: a name table, and routes from public-looking addresses to loopback ports."""

    def __init__(self, names: dict | None = None, routes: dict | None = None):
        self.names: dict[str, list[str]] = dict(names or {})
        self.routes: dict[str, int] = dict(routes or {})
        self.resolved: list[str] = []
        self.connected: list[str] = []

    def resolve(self, host: str, port: int) -> list[str]:
        self.resolved.append(host)
        answer = self.names.get(host)
        if answer is None:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} is not in the test's name table")
        return list(answer() if callable(answer) else answer)

    def connect(self, address: str, port: int, timeout: float | None) -> socket.socket:
        self.connected.append(address)
        loopback_port = self.routes.get(address)
        if loopback_port is None or port != 443:
            raise ConnectionRefusedError(f"the test network has no route to {address}:{port}")
        return socket.create_connection(("127.0.0.1", loopback_port), timeout)

    def route(self, host: str, loopback_port: int) -> str:
        """Make host resolve to a fresh public-looking address that leads to this loopback port."""
        address = next(PUBLIC_ADDRESSES)
        self.names[host] = [address]
        self.routes[address] = loopback_port
        return address

    def as_json(self) -> str:
        return json.dumps({"names": {h: a for h, a in self.names.items() if not callable(a)}, "routes": self.routes})

    @classmethod
    def from_json(cls, text: str) -> "StubNetwork":
        data = json.loads(text)
        return cls(data["names"], data["routes"])


@dataclass
class Subscription:
    name: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    # Statuses to answer, in turn (the last one repeats): 201, or (429, {"Retry-After": "120"}), ...
    answers: list = field(default_factory=lambda: [201])
    received: list = field(default_factory=list)

    def as_json(self) -> dict:
        public = self.private_key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64url(public), "auth": b64url(self.auth_secret)}}


@dataclass
class Received:
    payload: dict
    headers: dict
    claims: dict


class _TLSServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, context: ssl.SSLContext, handler):
        self.context = context
        super().__init__(("127.0.0.1", 0), handler)

    def finish_request(self, request, client_address):
        # The handshake in the request's own thread: a client that never finishes one holds only that thread.
        request.settimeout(10)
        try:
            request = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        super().finish_request(request, client_address)


class PushServiceStub:
    """A push service answering for `host` on a loopback port, routed to by its own StubNetwork (or one given)."""

    def __init__(self, host: str = PUSH_HOST, network: StubNetwork | None = None):
        self.subscriptions: dict[str, Subscription] = {}
        self.problems: list[str] = []
        self.lock = threading.Lock()
        self.host = host
        self.origin = f"https://{host}"
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                stub.handle(self)

            def log_message(self, *args):
                pass

        self.server = _TLSServer(certificates().server_context(), Handler)
        self.port = self.server.server_address[1]
        self.network = network or StubNetwork()
        self.network.route(host, self.port)
        # A short poll: shutdown() waits for it, once per test.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def app_config(self) -> dict:
        """What an app needs to send to this stub with every production check on."""
        return {"PUSH_NETWORK": self.network, "PUSH_CA_BUNDLE": certificates().ca_file}

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def subscription(self, name: str, answers=None, host: str | None = None) -> Subscription:
        made = Subscription(name, f"https://{host or self.host}/push/{name}", ec.generate_private_key(ec.SECP256R1()), os.urandom(16),
                            list(answers or [201]))
        self.subscriptions[name] = made
        return made

    def _check(self, request, subscription) -> dict:
        """Check the request as a push service would; return the JWT's claims."""
        headers = request.headers
        authorization = headers.get("Authorization", "")
        assert authorization.lower().startswith("vapid "), f"not RFC 8292 VAPID: {authorization!r}"
        assert Vapid02.verify(authorization), "VAPID signature does not verify"
        parts = dict(item.split("=", 1) for item in authorization.split(" ", 1)[1].split(","))
        claims = json.loads(unb64url(parts["t"].split(".")[1]))
        assert claims["aud"] == f"https://{headers['Host']}", claims
        assert time.time() < claims["exp"] <= time.time() + 24 * 3600, claims
        assert claims["sub"].startswith(("mailto:", "https:")), claims
        assert headers.get("Content-Encoding") == "aes128gcm", headers
        assert int(headers["TTL"]) > 0, headers
        assert headers.get("Urgency") in ("very-low", "low", "normal", "high"), headers
        return claims

    def handle(self, request):
        name = request.path.rsplit("/", 1)[-1]
        body = request.rfile.read(int(request.headers.get("Content-Length", 0)))
        subscription = self.subscriptions.get(name)
        if subscription is None:
            request.send_response(404)
            request.end_headers()
            return
        try:
            claims = self._check(request, subscription)
            plain = http_ece.decrypt(body, private_key=subscription.private_key, auth_secret=subscription.auth_secret, version="aes128gcm")
            received = Received(json.loads(plain), {key.lower(): value for key, value in request.headers.items()}, claims)
        except (AssertionError, KeyError, ValueError) as exc:
            with self.lock:
                self.problems.append(f"{name}: {exc!r}")
            request.send_response(400)
            request.end_headers()
            return
        with self.lock:
            subscription.received.append(received)
            answer = subscription.answers.pop(0) if len(subscription.answers) > 1 else subscription.answers[0]
        status, extra = (answer, {}) if isinstance(answer, int) else answer
        request.send_response(status)
        for key, value in extra.items():
            request.send_header(key, value)
        request.send_header("Content-Length", "0")
        request.end_headers()


class SilentServer:
    """A TCP server on loopback that accepts every connection and never says a word (a push service that hangs)."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.held: list[socket.socket] = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.held.append(connection)

    def close(self):
        self.running = False
        self.socket.close()
        for connection in self.held:
            connection.close()


