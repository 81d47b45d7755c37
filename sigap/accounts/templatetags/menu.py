from __future__ import annotations

from typing import Any

from django import template

from sigap.accounts.principal import principal_for
from sigap.accounts.menu import staff_sections

register = template.Library()


@register.inclusion_tag("accounts/includes/staff_menu.html", takes_context=True)
def staff_menu(context: dict[str, Any]) -> dict[str, Any]:
    """The staff sections, once the user has passed the second factor (until then no staff page opens)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"sections": []}
    verified = getattr(user, "is_verified", None)
    if callable(verified) and not verified():
        return {"sections": []}
    return {"sections": staff_sections(principal_for(user)), "request": request}
