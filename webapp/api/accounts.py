"""Accounts, tokens and the caller's own account."""
import uuid

from flask import abort, g, request, url_for

from webapp.api import bp
from webapp.api.authentication import login_required
from webapp.api.requests import json_object, validated_form
from webapp.core.wording import N_
from webapp.forms.account_forms import ChangePasswordForm, LoginForm, PasswordConfirmationForm, RegistrationForm
from webapp.infra.times import iso
from webapp.services.accounts import (
    EmailTaken,
    authenticate,
    change_password,
    create_account,
    delete_account,
    end_all_sessions,
    issue_token,
)
from webapp.services.invalid_input import InvalidFields
from webapp.services.rate_limits import account_limit, auth_limit, caller_account, email_in_request
from webapp.services.sessions import active_sessions, current_session, end_session, end_session_by_id, start_session


@bp.post("/accounts")
@auth_limit
@account_limit(email_in_request)
def create_account_endpoint():
    form = validated_form(RegistrationForm, json_object())
    try:
        user = create_account(
            email=form.email.data,
            password=form.password.data,
            role=form.role.data,
            name=form.name.data,
            timezone=form.timezone.data or "UTC",
            language=form.language.data,
        )
    except EmailTaken:
        abort(409, N_("An account with this email already exists."))
    return user.to_dict(), 201, {"Location": url_for("api.me")}


@bp.post("/tokens")
@auth_limit
@account_limit(email_in_request)
def create_token():
    form = validated_form(LoginForm, json_object())
    user = authenticate(form.email.data, form.password.data)
    if user is None:
        abort(401, N_("That email and password do not match an account."))
    token, expires_at = issue_token(user)
    return {"token": token, "expires_at": iso(expires_at)}, 201


@bp.get("/me")
@login_required
def me():
    return g.api_user.to_dict()


@bp.delete("/me")
@login_required
@account_limit(caller_account)
def delete_me():
    form = validated_form(PasswordConfirmationForm, json_object())
    if not delete_account(g.api_user, form.password.data):
        raise InvalidFields({"password": [N_("That is not your password.")]})
    end_session()
    return "", 204


@bp.post("/me/password")
@login_required
@account_limit(caller_account)
def change_my_password():
    user = g.api_user
    form = validated_form(ChangePasswordForm, json_object(), email=user.email)
    if not change_password(user, form.current_password.data, form.new_password.data):
        raise InvalidFields({"current_password": [N_("That is not your current password.")]})
    if "Authorization" not in request.headers:
        start_session(user)
    return "", 204


@bp.delete("/me/sessions")
@login_required
def end_my_sessions():
    end_all_sessions(g.api_user)
    end_session()
    return "", 204


@bp.get("/me/sessions")
@login_required
def list_my_sessions():
    here = current_session() if "Authorization" not in request.headers else None
    return [
        {"id": str(row.id), "device": row.device_label, "created_at": iso(row.created_at),
         "last_seen_at": iso(row.last_seen_at), "current": here is not None and row.id == here.id}
        for row in active_sessions(g.api_user)
    ]


@bp.delete("/me/sessions/<uuid:session_id>")
@login_required
def end_my_session(session_id: uuid.UUID):
    here = current_session() if "Authorization" not in request.headers else None
    if here is not None and here.id == session_id:
        end_session()
    elif not end_session_by_id(g.api_user, session_id):
        abort(404, N_("You have no such session (it may have ended already)."))
    return "", 204
