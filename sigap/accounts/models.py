"""Staff and reporter accounts, and the roles staff hold in a jurisdiction or OPD."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMPLAINT_ADMIN = "complaint_admin", _("Complaint administrator")
    OPD_OFFICER = "opd_officer", _("OPD officer")
    OPD_HEAD = "opd_head", _("OPD head")
    FOCAL_POINT = "focal_point", _("Focal point")
    INSPEKTORAT = "inspektorat", _("Inspektorat auditor")
    OMBUDSMAN = "ombudsman", _("Ombudsman officer")
    LEADER = "leader", _("Regional leader (Wali Kota/Bupati)")
    # Manages the jurisdiction's staff accounts and training records; sees no case.
    STAFF_ADMIN = "staff_admin", _("Staff administrator")


# Roles that act for one OPD, and so must name it.
OPD_ROLES = frozenset({Role.OPD_OFFICER, Role.OPD_HEAD})


class User(AbstractUser):
    """Anyone who signs in: staff, or a reporter who chose to make an account."""

    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="id"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """One role a user holds in one jurisdiction (and, for OPD roles, one OPD)."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.CASCADE
    )
    opd = models.ForeignKey("organisations.Opd", verbose_name=_("OPD"), null=True, blank=True, on_delete=models.CASCADE)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "jurisdiction", "opd"], name="role_assignment_unique"),
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(r.value for r in OPD_ROLES)) | models.Q(opd__isnull=False),
                name="role_assignment_opd_roles_name_an_opd",
            ),
        ]

    def __str__(self) -> str:
        where = self.opd or self.jurisdiction
        return f"{self.user} — {self.get_role_display()} ({where})"
