"""Alerts: list and acknowledge."""
import uuid

from flask import abort, g, request

from webapp import alerts
from webapp.api import bp
from webapp.api.authentication import role_required
from webapp.api.requests import json_object, validated_form
from webapp.athlete.forms import AcknowledgeForm, AlertQueryForm
from webapp.extensions import db
from webapp.models import Alert


@bp.get("/alerts")
@role_required("athlete")
def list_alerts():
    query = validated_form(AlertQueryForm, request.args.to_dict())
    return [alert.to_dict() for alert in alerts.alerts_of(g.api_user, query.status.data, query.episode_id.data)]


@bp.post("/alerts/<uuid:alert_id>/acknowledge")
@role_required("athlete")
def acknowledge_alert(alert_id: uuid.UUID):
    body = json_object() if request.content_length else {}
    form = validated_form(AcknowledgeForm, body)
    alert = db.session.get(Alert, alert_id)
    if alert is None or alert.user_id != g.api_user.id:
        abort(404)
    try:
        alerts.acknowledge(alert, g.api_user, form.note.data)
    except alerts.AlreadyResolved:
        return {"error": {"status": 409, "message": "This alert is already resolved."}, "current": alert.to_dict()}, 409
    return alert.to_dict()
