"""The staff menu: which pages a user's roles open, grouped the way staff think of their work.

One place decides what the navigation offers; each page still checks access
itself (a link hidden here is a convenience, never the protection).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sigap.accounts.models import Role
from sigap.accounts.principal import Principal


@dataclass(frozen=True)
class Link:
    label: StrOrPromise
    url: str


@dataclass
class Section:
    label: StrOrPromise
    links: list[Link] = field(default_factory=list)


def staff_sections(principal: Principal) -> list[Section]:
    """Return the non-empty menu sections for a staff member."""
    if not principal.grants:
        return []
    admin = bool(principal.admin_jurisdictions)
    cases = Section(_("Cases"), [Link(_("Inbox"), reverse("backoffice:inbox"))])
    if admin:
        cases.links += [
            Link(_("Record a complaint"), reverse("backoffice:record")),
            Link(_("Incoming messages"), reverse("channels:inbound")),
            Link(_("Outgoing messages"), reverse("notifications:outbox")),
            Link(_("Deadline sweep"), reverse("escalation:sweeps")),
        ]
    cases.links.append(Link(_("Exports"), reverse("exports:list")))

    oversight = Section(_("Oversight"), [Link(_("Dashboard"), reverse("dashboards:dashboard"))])
    if principal.ombudsman_jurisdictions:
        oversight.links.append(Link(_("Ombudsman"), reverse("ombudsman:workspace")))
    if principal.jurisdictions_with(Role.INSPEKTORAT, Role.LEADER):
        oversight.links.append(Link(_("Monitoring"), reverse("inspektorat:monitoring")))
    answers_requests = principal.opds_with(Role.FOCAL_POINT, Role.OPD_HEAD) or any(
        role == Role.FOCAL_POINT and opd is None for role, _jurisdiction, opd in principal.grants
    )
    if answers_requests:
        oversight.links.append(Link(_("Requests"), reverse("oversight:requests")))
    if (
        principal.jurisdictions_with(Role.INSPEKTORAT, Role.LEADER, Role.COMPLAINT_ADMIN)
        or principal.ombudsman_jurisdictions
        or principal.opds_with(Role.OPD_HEAD)
    ):
        oversight.links.append(Link(_("Early warnings"), reverse("oversight:warnings")))
    if principal.handling_opds or admin or principal.jurisdictions_with(Role.INSPEKTORAT):
        oversight.links.append(Link(_("Standards"), reverse("standards:manage")))
    oversight.links += [Link(_("Compliance"), reverse("compliance:home")), Link("IKM", reverse("skm:results"))]

    people = Section(_("People"))
    if principal.staff_admin_jurisdictions:
        people.links.append(Link(_("Staff"), reverse("staff:home")))
    people.links += [
        Link(_("Training"), reverse("training:home")),
        Link(_("Knowledge base"), reverse("knowledge:home")),
    ]
    if principal.handling_opds or principal.jurisdictions_with(Role.INSPEKTORAT):
        people.links.append(Link(_("Performance"), reverse("performance:home")))
    if all(role == Role.STAFF_ADMIN for role, _jurisdiction, _opd in principal.grants):
        # The staff administrator manages people; cases and oversight are not their work.
        return [people]
    return [section for section in (cases, oversight, people) if section.links]
