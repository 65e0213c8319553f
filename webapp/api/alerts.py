"""Alerts: list and acknowledge."""
import uuid

from flask import abort, g, request

from webapp.api import bp
from webapp.api.authentication import login_required, role_required
from webapp.api.requests import json_object, validated_form
from webapp.forms.diary_forms import AcknowledgeForm, AlertQueryForm
from webapp.services import alerts, care


@bp.get("/alerts")
@role_required("athlete")
def list_alerts():
    query = validated_form(AlertQueryForm, request.args.to_dict())
    return [alert.to_dict() for alert in alerts.alerts_of(g.api_user, query.status.data, query.episode_id.data)]


@bp.post("/alerts/<uuid:alert_id>/acknowledge")
@login_required
def acknowledge_alert(alert_id: uuid.UUID):
    """The athlete, or their linked physiotherapist."""
    body = json_object() if request.content_length else {}
    form = validated_form(AcknowledgeForm, body)
    try:
        alert = care.visible_alert(g.api_user, alert_id)
    except care.NotFound:
        abort(404)
    try:
        alerts.acknowledge(alert, g.api_user, form.note.data)
    except alerts.AlreadyResolved:
        return {"error": {"status": 409, "message": "This alert is already resolved."}, "current": alert.to_dict()}, 409
    return alert.to_dict()
