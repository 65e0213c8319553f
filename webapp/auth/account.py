"""The account page: change password, sessions, reminders, log out everywhere, export, delete, security events."""
import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.auth import bp
from webapp.forms.account_forms import ChangePasswordForm, DeleteAccountForm
from webapp.forms.reminder_forms import ReminderSettingsForm
from webapp.services import accounts, audit, push_devices, reminder_preferences
from webapp.services.rate_limits import account_limit, caller_account
from webapp.services.sessions import active_sessions, current_session, end_session, end_session_by_id, log_out, start_session


def _reminder_form(user) -> ReminderSettingsForm:
    return ReminderSettingsForm(formdata=None, obj=reminder_preferences.schedule_preferences(reminder_preferences.stored_preferences(user)))


def _page(password_form=None, delete_form=None, reminder_form=None, status=200):
    user = current_user._get_current_object()
    return render_template(
        "auth/account.html",
        password_form=password_form or ChangePasswordForm(email=user.email, formdata=None),
        delete_form=delete_form or DeleteAccountForm(formdata=None),
        reminder_form=(reminder_form or _reminder_form(user)) if user.is_athlete else None,
        push_devices=push_devices.devices_of(user) if user.is_athlete else [],
        events=audit.recent_events(user),
        sessions=active_sessions(user),
        this_session=current_session(),
    ), status


@bp.post("/account/reminders")
@login_required
def reminder_settings():
    user = current_user._get_current_object()
    if not user.is_athlete:
        abort(403)
    form = ReminderSettingsForm()
    if not form.validate_on_submit():
        return _page(reminder_form=form, status=422)
    reminder_preferences.save_preferences(user, bool(form.enabled.data), form.daily_at.data, form.quiet_start.data, form.quiet_end.data)
    if form.enabled.data:
        flash(_("Reminders are on. Turn them on on each device you want them on (below)."), "success")
    else:
        flash(_("Reminders are off, and no device of yours will get them."), "info")
    return redirect(url_for("auth.account", _anchor="reminders"))


@bp.post("/account/reminders/devices/<uuid:subscription_id>/remove")
@login_required
def remove_reminder_device(subscription_id: uuid.UUID):
    if push_devices.remove(current_user._get_current_object(), subscription_id):
        flash(_("That device will not get reminders any more."), "success")
    return redirect(url_for("auth.account", _anchor="reminders"))


@bp.get("/account")
@login_required
def account():
    return _page()


@bp.post("/account/password")
@login_required
@account_limit(caller_account)
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(email=user.email)
    if form.validate_on_submit():
        if accounts.change_password(user, form.current_password.data, form.new_password.data):
            start_session(user)
            flash(_("Password changed. Every other device and API token has been logged out."), "success")
            return redirect(url_for("auth.account"))
        form.current_password.errors.append("That is not your current password.")
    return _page(password_form=form, status=422)


@bp.post("/account/logout-everywhere")
@login_required
def logout_everywhere():
    accounts.end_all_sessions(current_user._get_current_object())
    end_session()
    flash(_("You are logged out on every device, and every API token is revoked."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/account/sessions/<uuid:session_id>/end")
@login_required
def end_one_session(session_id: uuid.UUID):
    here = current_session()
    if here is not None and here.id == session_id:
        log_out()
        flash(_("You are logged out."), "info")
        return redirect(url_for("auth.login"))
    if end_session_by_id(current_user._get_current_object(), session_id):
        flash(_("That session has ended: the device it was on is logged out."), "success")
    else:
        flash(_("That session had already ended."), "info")
    return redirect(url_for("auth.account"))


@bp.post("/account/delete")
@login_required
@account_limit(caller_account)
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if accounts.delete_account(current_user._get_current_object(), form.password.data):
            end_session()
            flash(_("Your account and all its data are deleted."), "info")
            return redirect(url_for("main.index"))
        form.password.errors.append("That is not your password.")
    return _page(delete_form=form, status=422)
