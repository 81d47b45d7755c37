"""The fourteen components of a service standard (UU 25/2009 Pasal 21 huruf a–n).

PermenPANRB 15/2014 splits them into the part published to service users
(service delivery, six components) and the provider's internal part
(manufacturing, eight components), as restated in PMK 46/PMK.01/2021.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class Part(enum.StrEnum):
    DELIVERY = "delivery"  # published to users
    MANUFACTURING = "manufacturing"  # internal to the provider


@dataclass(frozen=True)
class Component:
    field: str
    letter: str  # huruf in Pasal 21
    label: StrOrPromise
    part: Part


COMPONENTS = [
    Component("legal_basis", "a", _("Legal basis"), Part.MANUFACTURING),
    Component("requirements", "b", _("Requirements"), Part.DELIVERY),
    Component("procedure", "c", _("Systems, mechanisms and procedures"), Part.DELIVERY),
    Component("completion_time", "d", _("Completion time"), Part.DELIVERY),
    Component("cost", "e", _("Cost / tariff"), Part.DELIVERY),
    Component("product", "f", _("Service product"), Part.DELIVERY),
    Component("facilities", "g", _("Facilities and infrastructure"), Part.MANUFACTURING),
    Component("competence", "h", _("Competence of the staff"), Part.MANUFACTURING),
    Component("internal_control", "i", _("Internal supervision"), Part.MANUFACTURING),
    Component("complaints", "j", _("Handling of complaints, suggestions and feedback"), Part.DELIVERY),
    Component("staff_count", "k", _("Number of staff"), Part.MANUFACTURING),
    Component("service_guarantee", "l", _("Service guarantee"), Part.MANUFACTURING),
    Component("safety_guarantee", "m", _("Security and safety guarantee"), Part.MANUFACTURING),
    Component("performance_evaluation", "n", _("Evaluation of staff performance"), Part.MANUFACTURING),
]
DELIVERY = [c for c in COMPONENTS if c.part == Part.DELIVERY]
MANUFACTURING = [c for c in COMPONENTS if c.part == Part.MANUFACTURING]
FIELDS = [c.field for c in COMPONENTS]
