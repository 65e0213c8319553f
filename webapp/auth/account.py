"""The account page: change password, log out everywhere, export, delete, recent security events."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from webapp import accounts, audit
from webapp.auth import bp
from webapp.auth.forms import ChangePasswordForm, DeleteAccountForm
from webapp.extensions import account_limit, caller_credential
from webapp.sessions import end_session, start_session


def _page(password_form=None, delete_form=None, status=200):
    user = current_user._get_current_object()
    return render_template(
        "auth/account.html",
        password_form=password_form or ChangePasswordForm(email=user.email, formdata=None),
        delete_form=delete_form or DeleteAccountForm(formdata=None),
        events=audit.recent_events(user),
    ), status


@bp.get("/account")
@login_required
def account():
    return _page()


@bp.post("/account/password")
@login_required
@account_limit(caller_credential)
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(email=user.email)
    if form.validate_on_submit():
        if accounts.change_password(user, form.current_password.data, form.new_password.data):
            start_session(user)
            flash("Password changed. Every other device and API token has been logged out.", "success")
            return redirect(url_for("auth.account"))
        form.current_password.errors.append("That is not your current password.")
    return _page(password_form=form, status=422)


@bp.post("/account/logout-everywhere")
@login_required
def logout_everywhere():
    accounts.end_all_sessions(current_user._get_current_object())
    end_session()
    flash("You are logged out on every device, and every API token is revoked.", "info")
    return redirect(url_for("auth.login"))


@bp.post("/account/delete")
@login_required
@account_limit(caller_credential)
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if accounts.delete_account(current_user._get_current_object(), form.password.data):
            end_session()
            flash("Your account and all its data are deleted.", "info")
            return redirect(url_for("main.index"))
        form.password.errors.append("That is not your password.")
    return _page(delete_form=form, status=422)
