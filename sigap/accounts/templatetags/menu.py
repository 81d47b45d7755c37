from __future__ import annotations

from typing import Any

from django import template

from sigap.accounts.menu import staff_sections
from sigap.accounts.principal import principal_for
from sigap.accounts.second_factor import second_factor_passed

register = template.Library()


@register.inclusion_tag("accounts/includes/staff_menu.html", takes_context=True)
def staff_menu(context: dict[str, Any]) -> dict[str, Any]:
    """The staff sections, once the user has passed the second factor (until then no staff page opens)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"sections": []}
    if request is None or not second_factor_passed(request):
        return {"sections": []}
    return {"sections": staff_sections(principal_for(user)), "request": request}
