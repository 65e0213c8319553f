"""Reminders (athlete): settings, and the devices that receive them by Web Push."""
import uuid

from flask import abort, g, request, url_for

from webapp.api import bp
from webapp.api.authentication import role_required
from webapp.api.requests import json_object, validated_form
from webapp.forms.reminder_forms import PushSubscriptionForm, ReminderSettingsForm
from webapp.services import push_devices, reminder_preferences
from webapp.services.sessions import current_session, device_label


@bp.get("/push/key")
def push_key():
    return {"public_key": push_devices.public_key()}


@bp.get("/push/subscriptions")
@role_required("athlete")
def list_push_subscriptions():
    return [push_devices.as_dict(device) for device in push_devices.devices_of(g.api_user)]


@bp.post("/push/subscriptions")
@role_required("athlete")
def add_push_subscription():
    body = json_object()
    keys = body["keys"] if isinstance(body.get("keys"), dict) else {}
    form = validated_form(PushSubscriptionForm, {"endpoint": body.get("endpoint"), "p256dh": keys.get("p256dh"), "auth": keys.get("auth")})
    browser_session = current_session() if g.api_token_id is None else None
    subscription, created = push_devices.register(
        g.api_user, form.endpoint.data, form.p256dh.data, form.auth.data, device_label(request.user_agent.string),
        browser_session.id if browser_session else None, g.api_token_id,
    )
    answer = push_devices.as_dict(subscription)
    if created:
        return answer, 201, {"Location": url_for("api.list_push_subscriptions") + f"/{subscription.id}"}
    return answer


@bp.delete("/push/subscriptions/<uuid:subscription_id>")
@role_required("athlete")
def remove_push_subscription(subscription_id: uuid.UUID):
    if not push_devices.remove(g.api_user, subscription_id):
        abort(404)
    return "", 204


@bp.get("/me/reminders")
@role_required("athlete")
def get_reminder_settings():
    return reminder_preferences.as_dict(reminder_preferences.stored_preferences(g.api_user))


@bp.put("/me/reminders")
@role_required("athlete")
def put_reminder_settings():
    form = validated_form(ReminderSettingsForm, json_object())
    row = reminder_preferences.save_preferences(
        g.api_user, bool(form.enabled.data), form.daily_at.data, form.quiet_start.data, form.quiet_end.data,
    )
    return reminder_preferences.as_dict(row)
