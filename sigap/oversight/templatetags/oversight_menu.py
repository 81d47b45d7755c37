"""Menu entries and the inbox banner for the oversight pages, shown by role."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from sigap.accounts.models import Role
from sigap.accounts.principal import principal_for

register = template.Library()


@register.inclusion_tag("oversight/_menu.html", takes_context=True)
def oversight_menu(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    links: list[tuple[str, str]] = []
    if request is None or not request.user.is_authenticated:
        return {"links": links}
    principal = principal_for(request.user)
    if not principal.grants:
        return {"links": links}
    if principal.ombudsman_jurisdictions:
        links.append((reverse("ombudsman:workspace"), _("Ombudsman")))
    if principal.jurisdictions_with(Role.INSPEKTORAT, Role.LEADER):
        links.append((reverse("inspektorat:monitoring"), _("Monitoring")))
    if principal.opds_with(Role.FOCAL_POINT, Role.OPD_HEAD) or any(
        r == Role.FOCAL_POINT and o is None for r, _j, o in principal.grants
    ):
        links.append((reverse("oversight:requests"), _("Requests")))
    if principal.handling_opds or principal.admin_jurisdictions or principal.jurisdictions_with(Role.INSPEKTORAT):
        links.append((reverse("standards:manage"), _("Standards")))
    links.append((reverse("compliance:home"), _("Compliance")))
    links.append((reverse("skm:results"), "IKM"))
    return {"links": links}


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
