"""The athlete's care team: invite a physiotherapist, see who has access and what they read."""
import uuid

import segno
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from webapp.athlete import bp
from webapp.infra.page_access import role_required
from webapp.services import care


@bp.route("/care")
@role_required("athlete")
def care_team():
    return render_template("athlete/care.html", links=care.links_of(current_user), access_log=care.access_log_of(current_user))


@bp.post("/care/invites")
@role_required("athlete")
def create_invite():
    code, expires_at = care.create_invite(current_user)
    link = url_for("physio.link_patient", code=code, _external=True)
    # Drawn on the server: no outside QR service ever sees the code.
    qr = Markup(segno.make(link, error="m").svg_inline(scale=6, dark="#1b1f24", light="#ffffff", title=f"QR code for {code}"))
    return render_template(
        "athlete/care.html", links=care.links_of(current_user), access_log=care.access_log_of(current_user),
        new_code=code, expires_at=expires_at, qr=qr,
    )


@bp.post("/care/links/<uuid:link_id>/end")
@role_required("athlete")
def end_link(link_id: uuid.UUID):
    try:
        care.end_link(current_user, link_id)
    except care.NotFound:
        abort(404)
    flash(_("Access ended. That physiotherapist can no longer see your diary."), "success")
    return redirect(url_for("athlete.care_team"))
