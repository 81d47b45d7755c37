"""Find reference data by the codes clients send."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sigap.organisations.models import Category, Jurisdiction, Opd


def public_jurisdictions() -> QuerySet[Jurisdiction]:
    """Governments that take complaints (Ombudsman offices oversee, they do not receive here)."""
    return Jurisdiction.objects.filter(is_active=True).exclude(kind=Jurisdiction.Kind.OMBUDSMAN)


def jurisdiction_by_ref(ref: str) -> Jurisdiction | None:
    """Match a slug (`kota-pasuruan`) or web domain (`pasuruankota.go.id`, `www.` ignored)."""
    ref = ref.strip().lower()
    if not ref:
        return None
    domain = ref.removeprefix("www.")
    return public_jurisdictions().filter(Q(slug=ref) | Q(domain=domain)).first()


def category_by_code(jurisdiction: Jurisdiction, code: str) -> Category | None:
    return (
        Category.objects.filter(jurisdiction=jurisdiction, code=code.strip(), is_active=True)
        .select_related("service", "default_opd")
        .first()
    )


def opd_by_code(jurisdiction_id: int, code: str) -> Opd | None:
    return Opd.objects.filter(jurisdiction_id=jurisdiction_id, code=code.strip(), is_active=True).first()
