"""The capacities the signed-in user acts in, for every template (the menu and page headers)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sigap.accounts.principal import principal_for


def principal(request: HttpRequest) -> dict[str, Any]:
    return {"principal": principal_for(request.user) if hasattr(request, "user") else None}
