"""Find reference data by the codes clients send."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sigap.organisations.models import Category, Jurisdiction, Opd
from sigap.web.reference_cache import cached


def public_jurisdictions() -> QuerySet[Jurisdiction]:
    """Governments that take complaints (Ombudsman offices oversee, they do not receive here)."""
    return Jurisdiction.objects.filter(is_active=True).exclude(kind=Jurisdiction.Kind.OMBUDSMAN)


def jurisdiction_by_ref(ref: str) -> Jurisdiction | None:
    """Match a slug (`kota-pasuruan`) or web domain (`pasuruankota.go.id`, `www.` ignored).

    Kept by the process until any reference data changes; the jurisdiction returned is shared by
    the process's requests: read it, never change it.
    """
    ref = ref.strip().lower()
    if not ref:
        return None
    domain = ref.removeprefix("www.")
    return cached(
        "api.jurisdiction", ref, lambda: public_jurisdictions().filter(Q(slug=ref) | Q(domain=domain)).first()
    )


def category_by_code(jurisdiction: Jurisdiction, code: str) -> Category | None:
    """The active category with this code, kept by the process until any reference data changes.

    The category returned (with its service and default OPD) is shared by the process's requests:
    read it, never change it.
    """
    code = code.strip()

    def load() -> Category | None:
        return (
            Category.objects.filter(jurisdiction=jurisdiction, code=code, is_active=True)
            .select_related("service", "default_opd")
            .first()
        )

    return cached("api.category", (jurisdiction.pk, code), load)


def opd_by_code(jurisdiction_id: int, code: str) -> Opd | None:
    return Opd.objects.filter(jurisdiction_id=jurisdiction_id, code=code.strip(), is_active=True).first()
