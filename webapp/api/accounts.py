"""Accounts, tokens and the caller's own account."""
from flask import abort, g, url_for

from webapp.accounts import EmailTaken, authenticate, create_account, issue_token
from webapp.api import bp
from webapp.api.authentication import login_required
from webapp.api.requests import json_object, validated_form
from webapp.auth.forms import LoginForm, RegistrationForm
from webapp.extensions import auth_rate_limit, limiter
from webapp.times import iso


@bp.post("/accounts")
@limiter.limit(auth_rate_limit)
def create_account_endpoint():
    form = validated_form(RegistrationForm, json_object())
    try:
        user = create_account(
            email=form.email.data,
            password=form.password.data,
            role=form.role.data,
            name=form.name.data,
            timezone=form.timezone.data or "UTC",
        )
    except EmailTaken:
        abort(409, "An account with this email already exists.")
    return user.to_dict(), 201, {"Location": url_for("api.me")}


@bp.post("/tokens")
@limiter.limit(auth_rate_limit)
def create_token():
    form = validated_form(LoginForm, json_object())
    user = authenticate(form.email.data, form.password.data)
    if user is None:
        abort(401, "That email and password do not match an account.")
    token, expires_at = issue_token(user)
    return {"token": token, "expires_at": iso(expires_at)}, 201


@bp.get("/me")
@login_required
def me():
    return g.api_user.to_dict()
