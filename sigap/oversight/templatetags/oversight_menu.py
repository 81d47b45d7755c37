"""The inbox banner of early warnings for an OPD head (the menu lives in sigap/accounts/menu.py)."""

from __future__ import annotations

from typing import Any

from django import template

from sigap.accounts.models import Role
from sigap.accounts.principal import principal_for

register = template.Library()


@register.inclusion_tag("oversight/_banner.html", takes_context=True)
def early_warning_banner(context: dict[str, Any]) -> dict[str, Any]:
    """On an OPD head's inbox: how many early warnings concern their OPD."""
    from sigap.oversight.dashboards import early_warnings_for

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"flags": []}
    principal = principal_for(request.user)
    if not principal.opds_with(Role.OPD_HEAD):
        return {"flags": []}
    return {"flags": early_warnings_for(principal)}
