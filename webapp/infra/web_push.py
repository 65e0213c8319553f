"""Send one Web Push message (RFC 8030), encrypted for its subscription (RFC 8291) and signed (RFC 8292).

A thin wrapper over pywebpush that turns every outcome into a PushResult, so the
sender decides what a status means: 201 delivered, 404/410 the subscription is
gone, 429/5xx (or no answer) try again later.
"""
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class PushResult:
    status: int | None
    retry_after_seconds: float | None = None
    error: str | None = None


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Read a Retry-After header: seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def send_push(subscription: dict, message: dict, vapid: Vapid02, subject: str, ttl: int, urgency: str) -> PushResult:
    """Send message (a JSON object) to one subscription ({endpoint, keys: {p256dh, auth}})."""
    try:
        response = webpush(
            subscription_info=subscription, data=json.dumps(message), vapid_private_key=vapid,
            # A fresh claims dict each time: pywebpush fills in aud and exp in place.
            vapid_claims={"sub": subject}, ttl=ttl, headers={"Urgency": urgency}, timeout=TIMEOUT_SECONDS,
        )
    except WebPushException as exc:
        response = exc.response
        if response is None:
            return PushResult(None, error=exc.message[:500])
        retry = retry_after_seconds(response.headers.get("Retry-After"), datetime.now(UTC))
        return PushResult(response.status_code, retry, (response.text or "")[:500])
    except requests.RequestException as exc:
        return PushResult(None, error=f"{type(exc).__name__}: {exc}"[:500])
    except ValueError as exc:
        # The subscription's keys cannot be encrypted for: no retry will change that.
        return PushResult(400, error=f"could not encrypt for this subscription: {exc}"[:500])
    assert isinstance(response, requests.Response)
    return PushResult(response.status_code)
