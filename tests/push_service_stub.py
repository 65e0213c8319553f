"""A push service on 127.0.0.1 that checks requests the way a real one does (RFC 8030, 8291, 8292).

Each subscription the tests make has its own key pair and auth secret; the stub
decrypts what it receives with them, verifies the VAPID JWT (signature, aud, exp,
sub) and answers with the statuses a test scripted for that subscription.
"""
import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


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


class PushServiceStub:
    def __init__(self):
        self.subscriptions: dict[str, Subscription] = {}
        self.problems: list[str] = []
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                stub.handle(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def subscription(self, name: str, answers=None) -> Subscription:
        made = Subscription(name, f"{self.origin}/push/{name}", ec.generate_private_key(ec.SECP256R1()), os.urandom(16),
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
        assert claims["aud"] == self.origin, claims
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
