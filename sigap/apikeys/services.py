"""Create, revoke and use API keys; creating and revoking are audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.accounts.principal import principal_for
from sigap.apikeys.models import ApiKey
from sigap.apikeys.scopes import STAFF_SCOPES, Scope
from sigap.apikeys.tokens import MIN_KEY_LENGTH, hash_key, new_key, visible_prefix
from sigap.audit.services import audit_record
from sigap.organisations.models import Jurisdiction

# Recording every use would write a row per request; once a minute is enough to tell live keys from dead ones.
TOUCH_INTERVAL = timedelta(minutes=1)


def apikey_validate(*, name: str, jurisdiction: Jurisdiction, scopes: list[str], user: User | None) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors.setdefault("name", []).append(_("Name the client that will use the key."))
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        errors.setdefault("scopes", []).append(_("Unknown actions: %(scopes)s.") % {"scopes": ", ".join(unknown)})
    if not scopes:
        errors.setdefault("scopes", []).append(_("Choose at least one action the key may perform."))
    if {str(s) for s in STAFF_SCOPES} & set(scopes):
        if user is None:
            errors.setdefault("user", []).append(
                _("Reading or acting on complaints needs a staff member the key acts as.")
            )
        elif not any(jid == jurisdiction.pk for _r, jid, _o in principal_for(user).grants):
            errors.setdefault("user", []).append(_("This staff member has no role in the key's jurisdiction."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def apikey_create(
    *,
    name: str,
    jurisdiction: Jurisdiction,
    scopes: Iterable[str],
    user: User | None = None,
    actor: User | None,
    raw_key: str | None = None,
    request: HttpRequest | None = None,
) -> tuple[ApiKey, str]:
    """Create a key and return it with the key string, which is never shown again.

    `raw_key` lets an operator install a key chosen elsewhere (the demo's
    SIGAP_DEMO_API_KEY); otherwise a random one is made.
    """
    scope_list = sorted(set(scopes))
    apikey_validate(name=name, jurisdiction=jurisdiction, scopes=scope_list, user=user)
    raw = (raw_key or new_key()).strip()
    if len(raw) < MIN_KEY_LENGTH:
        raise ValidationError(
            {"key": [_("An API key must be at least %(n)d characters long.") % {"n": MIN_KEY_LENGTH}]}
        )
    key = ApiKey.objects.create(
        name=name.strip(),
        jurisdiction=jurisdiction,
        user=user,
        prefix=visible_prefix(raw),
        key_hash=hash_key(raw),
        scopes=scope_list,
        created_at=timezone.now(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="apikey.create",
        obj=key,
        jurisdiction_id=jurisdiction.pk,
        summary=f"{key.name} ({key.prefix}…): {', '.join(scope_list)}",
        changes={"scopes": [None, scope_list], "user": [None, user.pk if user else None]},
        request=request,
    )
    return key, raw


@transaction.atomic
def apikey_revoke(*, key: ApiKey, actor: User | None, request: HttpRequest | None = None) -> ApiKey:
    """Revoke the key at once; revoking twice changes nothing."""
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        return key
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="apikey.revoke",
        obj=key,
        jurisdiction_id=key.jurisdiction_id,
        summary=f"{key.name} ({key.prefix}…)",
        changes={"revoked_at": [None, key.revoked_at.isoformat()]},
        request=request,
    )
    return key


def apikey_touch(*, key: ApiKey, now: datetime | None = None) -> None:
    """Record that the key was used, at most once per TOUCH_INTERVAL (one conditional UPDATE)."""
    now = now or timezone.now()
    if key.last_used_at is not None and now - key.last_used_at < TOUCH_INTERVAL:
        return
    ApiKey.objects.filter(pk=key.pk).exclude(last_used_at__gte=now - TOUCH_INTERVAL).update(last_used_at=now)
    key.last_used_at = now
