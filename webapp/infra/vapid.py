"""VAPID keys (RFC 8292), which identify this server to the browsers' push services.

The private key comes from VAPID_PRIVATE_KEY (every server of one site must have
the same one: a subscription made with one key is refused a push signed with
another), or is generated once into instance/vapid_private_key.pem for a single
machine, like the secret key. The public key is what a page passes to
pushManager.subscribe() as applicationServerKey.
"""
import base64
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid02

KEY_FILE = "vapid_private_key.pem"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_private_key() -> str:
    """A new key, as the base64url text VAPID_PRIVATE_KEY takes (its raw 32 bytes)."""
    vapid = Vapid02()
    vapid.generate_keys()
    number = vapid.private_key.private_numbers().private_value
    return _b64url(number.to_bytes(32, "big"))


def from_text(text: str) -> Vapid02:
    """Read a key given as PEM or as base64url (raw 32 bytes or DER), as people paste them into the environment."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        return Vapid02.from_pem(text.encode())
    return Vapid02.from_string(text)


def instance_key(instance_dir: Path) -> Vapid02:
    """Return the key kept in instance/, creating it on first run (workers starting at once agree on one)."""
    path = instance_dir / KEY_FILE
    if not path.exists():
        vapid = Vapid02()
        vapid.generate_keys()
        fd, tmp = tempfile.mkstemp(dir=instance_dir, prefix=".vapid.")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(vapid.private_pem())
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return from_text(path.read_text())


def application_server_key(vapid: Vapid02) -> str:
    """The public key as pushManager.subscribe() takes it: the uncompressed point, base64url."""
    point = vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return _b64url(point)
