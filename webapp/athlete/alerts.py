"""Acknowledge an alert from the athlete's pages."""
import uuid

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.athlete import bp
from webapp.forms.diary_forms import AcknowledgeForm
from webapp.infra.extensions import db
from webapp.infra.languages import translate
from webapp.infra.page_access import role_required
from webapp.infra.redirects import safe_next
from webapp.models import Alert
from webapp.services import alerts


@bp.post("/alerts/<uuid:alert_id>/acknowledge")
@role_required("athlete")
def acknowledge_alert(alert_id: uuid.UUID):
    alert = db.session.get(Alert, alert_id)
    if alert is None or alert.user_id != current_user.id:
        abort(404)
    form = AcknowledgeForm()
    if not form.validate_on_submit():
        flash(" ".join(translate(message) for message in form.note.errors) or _("Could not save that. Please try again."), "error")
    else:
        try:
            alerts.acknowledge(alert, current_user, form.note.data)
            flash(_("Noted. The alert stays in the episode's history."), "success")
        except alerts.AlreadyResolved:
            flash(_("That alert was already resolved."), "info")
    return redirect(safe_next(request.form.get("next")) or url_for("athlete.home"))
