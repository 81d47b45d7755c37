"""Staff pages: managing a jurisdiction's staff, two-factor sign-in, one's own security page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.accounts.decorators import staff_required
from sigap.accounts.forms import SignInForm
from sigap.accounts.models import RoleAssignment, User
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.accounts.second_factor import needs_two_factor, second_factor_passed
from sigap.accounts.views import landing_page
from sigap.organisations.models import Jurisdiction
from sigap.staff import selectors, services, twofactor
from sigap.staff.forms import AcceptForm, CodeForm, EnrolForm, InviteForm, PasswordForgottenForm, RoleForm
from sigap.staff.models import SignIn
from sigap.web import ratelimit
from sigap.web.forms import error_text


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return landing_page(request.user)  # the role's own start page (a reporter's: their complaints)


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: the sign-in page with the reason, HTTP 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = SignInForm(request, data=request.POST or None)
    form.is_valid()  # binds the typed user name back into the form; the password check is skipped
    form.errors.clear()
    message = _(
        "Too many failed sign-in attempts. This account is locked for %(minutes)d minutes; "
        "try again later or ask your staff administrator to unlock it."
    ) % {"minutes": minutes}
    return render(
        request,
        "accounts/login.html",
        {"form": form, "lockout": message, "next": request.POST.get("next", "")},
        status=429,
    )


# --- second factor ------------------------------------------------------------


@login_required
def second_factor(request: AuthenticatedRequest) -> HttpResponse:
    """Ask for the authenticator code (or a recovery code) after the password."""
    nxt = _next_url(request)
    if not needs_two_factor(request.user) or second_factor_passed(request):
        return redirect(nxt)
    if twofactor.app_device(request.user) is None:
        return redirect(reverse("staff:enrol") + "?next=" + nxt)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        verdict = ratelimit.hit("second-factor", str(request.user.pk), limit=10, window=15 * 60)
        if not verdict.allowed:
            form.add_error("token", _("Too many attempts. Wait a few minutes and try again."))
            status = 429
        else:
            outcome = services.second_factor_verify(request=request, token=form.cleaned_data["token"])
            if outcome == SignIn.Outcome.RECOVERY_CODE_USED:
                left = twofactor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(left)d codes are left. "
                        "Make new ones on your security page."
                    )
                    % {"left": left},
                )
            if outcome != SignIn.Outcome.SECOND_FACTOR_FAILED:
                return redirect(nxt)
            form.add_error("token", _("That code is not right. Check the time on your phone and try again."))
    return render(request, "staff/second_factor.html", {"form": form, "next": nxt}, status=status)


@login_required
def enrol(request: AuthenticatedRequest) -> HttpResponse:
    """Set up the authenticator app: scan the QR code, confirm with a code, keep the recovery codes."""
    nxt = _next_url(request)
    if not needs_two_factor(request.user):
        raise PermissionDenied
    # Replacing an existing authenticator needs the old one first, or a stolen password would be enough.
    if twofactor.app_device(request.user) is not None and not second_factor_passed(request):
        return redirect(reverse("staff:second_factor") + "?next=" + reverse("staff:enrol"))
    device = twofactor.pending_device(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.twofactor_enrol(request=request, device=device, token=form.cleaned_data["token"])
        except services.StaffError as exc:
            messages.error(request, str(exc))
            return redirect(reverse("staff:enrol") + "?next=" + nxt)
        if codes is not None:
            return render(request, "staff/recovery_codes.html", {"codes": codes, "next": nxt, "enrolled": True})
        form.add_error("token", _("That code is not right. Check the time on your phone and try again."))
    return render(
        request,
        "staff/enrol.html",
        {"form": form, "qr": twofactor.qr_svg(device), "secret": twofactor.secret_base32(device), "next": nxt},
    )


@login_required
def security(request: AuthenticatedRequest) -> HttpResponse:
    """The user's own sign-in history and second-factor status."""
    staff = needs_two_factor(request.user)
    if staff and not second_factor_passed(request):
        return redirect(reverse("staff:second_factor") + "?next=" + request.path)
    return render(
        request,
        "staff/security.html",
        {
            "sign_ins": selectors.recent_sign_ins(user=request.user),
            "staff": staff,
            "device": twofactor.app_device(request.user) if staff else None,
            "codes_left": twofactor.recovery_codes_left(request.user) if staff else 0,
        },
    )


@staff_required
@require_POST
def recovery_codes_renew(request: AuthenticatedRequest) -> HttpResponse:
    codes = services.recovery_codes_renew(request=request)
    return render(
        request, "staff/recovery_codes.html", {"codes": codes, "next": reverse("staff:security"), "enrolled": False}
    )


def password_forgotten(request: HttpRequest) -> HttpResponse:
    """Ask for a link to choose a new password; the answer is the same whether the account exists."""
    form = PasswordForgottenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(login=form.cleaned_data["login"])
        return render(request, "staff/password_forgotten.html", {"sent": True})
    return render(request, "staff/password_forgotten.html", {"form": form})


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "staff/password_reset.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your new password is set. Sign in with it."))
        return response


# --- invitations ----------------------------------------------------------------


def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation link: create the account (or add the roles to the signed-in one)."""
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return render(request, "staff/invitation_invalid.html", status=410)
    signed_in = request.user if request.user.is_authenticated else None
    existing = User.objects.filter(email__iexact=invitation.email).exists()
    form = AcceptForm(
        request.POST or None, initial={"username": invitation.email.split("@")[0], "first_name": invitation.name}
    )
    if request.method == "POST" and (signed_in is not None or form.is_valid()):
        try:
            if signed_in is not None:
                assert isinstance(signed_in, User)
                user = services.invitation_accept(invitation=invitation, user=signed_in)
            else:
                user = services.invitation_accept(
                    invitation=invitation,
                    username=form.cleaned_data["username"],
                    first_name=form.cleaned_data["first_name"],
                    password=form.cleaned_data["password1"],
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except services.StaffError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Welcome to Sigap. Set up two-factor sign-in to continue."))
            return redirect(reverse("staff:enrol") + "?next=" + reverse("backoffice:inbox"))
    return render(
        request,
        "staff/accept.html",
        {"invitation": invitation, "form": form, "signed_in": signed_in, "existing": existing and signed_in is None},
    )


# --- managing a jurisdiction's staff --------------------------------------------


@staff_required
def staff_home(request: AuthenticatedRequest) -> HttpResponse:
    jurisdiction = selectors.managed_jurisdiction(principal_for(request.user), None)
    return redirect("staff:list", jid=jurisdiction.pk)


def _jurisdiction(request: AuthenticatedRequest, jid: int) -> Jurisdiction:
    return selectors.managed_jurisdiction(principal_for(request.user), jid)


@staff_required
def staff_list(request: AuthenticatedRequest, jid: int) -> HttpResponse:
    jurisdiction = _jurisdiction(request, jid)
    return render(
        request,
        "staff/list.html",
        {
            "jurisdiction": jurisdiction,
            "rows": selectors.staff_of(jurisdiction=jurisdiction),
            "invitations": [i for i in selectors.invitations_of(jurisdiction=jurisdiction) if i.accepted_at is None][
                :50
            ],
            "jurisdictions": selectors.managed_jurisdictions(principal_for(request.user)),
        },
    )


@staff_required
def invite(request: AuthenticatedRequest, jid: int) -> HttpResponse:
    jurisdiction = _jurisdiction(request, jid)
    form = InviteForm(request.POST or None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_send(
                jurisdiction=jurisdiction,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                grants=form.grants(),
                actor=request.user,
            )
        except services.StaffError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("staff:list", jid=jurisdiction.pk)
    return render(request, "staff/invite.html", {"jurisdiction": jurisdiction, "form": form})


@staff_required
@require_POST
def invitation_withdraw(request: AuthenticatedRequest, jid: int, pk: int) -> HttpResponse:
    jurisdiction = _jurisdiction(request, jid)
    invitation = selectors.invitation_get(jurisdiction=jurisdiction, pk=pk)
    try:
        services.invitation_withdraw(invitation=invitation, actor=request.user)
    except services.StaffError as exc:
        messages.error(request, str(exc))
    return redirect("staff:list", jid=jurisdiction.pk)


@staff_required
def member(request: AuthenticatedRequest, jid: int, uid: int) -> HttpResponse:
    jurisdiction = _jurisdiction(request, jid)
    user = selectors.staff_member_get(jurisdiction=jurisdiction, user_id=uid)
    return render(
        request,
        "staff/member.html",
        {
            "jurisdiction": jurisdiction,
            "member": user,
            "roles": RoleAssignment.objects.filter(user=user, jurisdiction=jurisdiction).select_related("opd"),
            "role_form": RoleForm(jurisdiction=jurisdiction),
            "has_two_factor": twofactor.app_device(user) is not None,
            "locked": bool(selectors.locked_usernames([user.username])),
            "elsewhere": selectors.roles_elsewhere(user=user, jurisdiction=jurisdiction),
            "history": selectors.account_history_lines(
                selectors.account_history(user=user, jurisdiction=jurisdiction)[:50]
            ),
            "sign_ins": selectors.recent_sign_ins(user=user, limit=10),
            "is_self": user.pk == request.user.pk,
        },
    )


def _member_action(request: AuthenticatedRequest, jid: int, uid: int) -> tuple[Jurisdiction, User]:
    jurisdiction = _jurisdiction(request, jid)
    return jurisdiction, selectors.staff_member_get(jurisdiction=jurisdiction, user_id=uid)


def _account_wide(request: AuthenticatedRequest, jurisdiction: Jurisdiction, user: User) -> None:
    """Resets act on the whole account: refuse them for someone who also works for another jurisdiction."""
    if selectors.roles_elsewhere(user=user, jurisdiction=jurisdiction):
        raise PermissionDenied


def _done(request: AuthenticatedRequest, jurisdiction: Jurisdiction, user: User) -> HttpResponseRedirect:
    return redirect("staff:member", jid=jurisdiction.pk, uid=user.pk)


@staff_required
@require_POST
def role_add(request: AuthenticatedRequest, jid: int, uid: int) -> HttpResponse:
    jurisdiction, user = _member_action(request, jid, uid)
    form = RoleForm(request.POST, jurisdiction=jurisdiction)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return _done(request, jurisdiction, user)
    try:
        services.staff_role_add(user=user, jurisdiction=jurisdiction, grant=form.grants()[0], actor=request.user)
    except services.StaffError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The role was given."))
    return _done(request, jurisdiction, user)


@staff_required
@require_POST
def role_remove(request: AuthenticatedRequest, jid: int, uid: int, aid: int) -> HttpResponse:
    jurisdiction, user = _member_action(request, jid, uid)
    assignment = get_object_or_404(RoleAssignment, pk=aid, user=user, jurisdiction=jurisdiction)
    try:
        services.staff_role_remove(assignment=assignment, actor=request.user)
    except services.StaffError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The role was withdrawn."))
    return _done(request, jurisdiction, user)


@staff_required
@require_POST
def deactivate(request: AuthenticatedRequest, jid: int, uid: int) -> HttpResponse:
    jurisdiction, user = _member_action(request, jid, uid)
    try:
        services.staff_deactivate(user=user, jurisdiction=jurisdiction, actor=request.user)
    except services.StaffError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The staff member was deactivated and signed out."))
    return _done(request, jurisdiction, user)


@staff_required
@require_POST
def password_reset(request: AuthenticatedRequest, jid: int, uid: int) -> HttpResponse:
    jurisdiction, user = _member_action(request, jid, uid)
    _account_wide(request, jurisdiction, user)
    try:
        services.staff_password_reset_send(user=user, jurisdiction=jurisdiction, actor=request.user)
    except services.StaffError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("A link to choose a new password was sent to %(email)s.") % {"email": user.email})
    return _done(request, jurisdiction, user)


@staff_required
@require_POST
def twofactor_reset(request: AuthenticatedRequest, jid: int, uid: int) -> HttpResponse:
    jurisdiction, user = _member_action(request, jid, uid)
    _account_wide(request, jurisdiction, user)
    try:
        services.staff_twofactor_reset(user=user, jurisdiction=jurisdiction, actor=request.user)
    except services.StaffError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Two-factor sign-in was reset; the staff member sets it up again at the next sign-in.")
        )
    return _done(request, jurisdiction, user)


@staff_required
@require_POST
def unlock(request: AuthenticatedRequest, jid: int, uid: int) -> HttpResponse:
    jurisdiction, user = _member_action(request, jid, uid)
    services.staff_unlock(user=user, jurisdiction=jurisdiction, actor=request.user)
    messages.success(request, _("The sign-in lock was lifted."))
    return _done(request, jurisdiction, user)
