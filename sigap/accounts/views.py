"""Sign in, sign out, and the optional reporter account."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sigap.accounts.forms import ReporterSignUpForm, SignInForm
from sigap.accounts.models import Role, User
from sigap.accounts.principal import principal_for
from sigap.accounts.second_factor import needs_two_factor
from sigap.accounts.services import SignUpsExhausted, reporter_sign_up


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if needs_two_factor(self.request.user):
            # Staff go through the second factor before anything else.
            return reverse("staff:second_factor") + "?" + urlencode({"next": url})
        return url

    def get_default_redirect_url(self) -> str:
        return landing_page(self.request.user)


# Where each role starts: the page its work begins on (the first role in this order that the user holds).
LANDING = [
    (Role.COMPLAINT_ADMIN, "backoffice:inbox"),
    (Role.OPD_OFFICER, "backoffice:inbox"),
    (Role.OPD_HEAD, "backoffice:inbox"),
    (Role.FOCAL_POINT, "backoffice:inbox"),
    (Role.OMBUDSMAN, "ombudsman:workspace"),
    (Role.INSPEKTORAT, "inspektorat:monitoring"),
    (Role.LEADER, "dashboards:dashboard"),
    (Role.STAFF_ADMIN, "staff:home"),
]


def landing_page(user: User | AnonymousUser) -> str:
    """The page a user lands on after signing in, by role; reporters land on their complaints."""
    principal = principal_for(user)
    for role, name in LANDING:
        if any(granted == role for granted, _jid, _opd in principal.grants):
            return reverse(name)
    if principal.is_staff_member:
        return reverse("backoffice:inbox")
    return reverse("portal:mine")


def sign_up(request: HttpRequest) -> HttpResponse:
    form = ReporterSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = reporter_sign_up(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["first_name"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except SignUpsExhausted as exc:
            form.add_error(
                None,
                _("Too many accounts were made from this network. Try again in %(minutes)d minutes.")
                % {"minutes": exc.retry_after // 60 + 1},
            )
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready. Complaints you file while signed in appear here."))
        return redirect("portal:mine")
    return render(request, "accounts/signup.html", {"form": form})
