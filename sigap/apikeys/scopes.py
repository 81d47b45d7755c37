"""What an API key may be allowed to do; a key holds a subset of these."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    COMPLAINTS_CREATE = "complaints:create", _("File complaints (REST)")
    COMPLAINTS_READ = "complaints:read", _("Read complaints the key's user may see (REST)")
    COMPLAINTS_TRANSITION = "complaints:transition", _("Act on complaints in the key's user's role (REST)")
    OPEN311_POST = "open311:post", _("File service requests (Open311)")
    UPDATES_POST = "updates:post", _("Post service request updates (Open311, FixMyStreet extension)")


# Scopes that act as a staff member, so the key must name one.
STAFF_SCOPES = frozenset({Scope.COMPLAINTS_READ, Scope.COMPLAINTS_TRANSITION})
