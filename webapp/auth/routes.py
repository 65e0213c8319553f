"""Registration, log in and log out."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.auth import bp
from webapp.forms.account_forms import LoginForm, RegistrationForm
from webapp.infra.page_access import home_endpoint
from webapp.infra.redirects import safe_next
from webapp.services.accounts import EmailTaken, authenticate, create_account
from webapp.services.rate_limits import account_limit, auth_limit, email_in_request
from webapp.services.sessions import log_out, start_session


@bp.route("/register", methods=["GET", "POST"])
@auth_limit
@account_limit(email_in_request)
def register():
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    form = RegistrationForm()
    if form.validate_on_submit():
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
            form.email.errors.append(_("An account with this email already exists. Log in instead?"))
        else:
            start_session(user)
            flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
            return redirect(url_for(home_endpoint(user)))
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@auth_limit
@account_limit(email_in_request)
def login():
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user)
            return redirect(safe_next(request.args.get("next")) or url_for(home_endpoint(user)))
        form.password.errors.append(_("That email and password do not match an account."))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    log_out()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))
