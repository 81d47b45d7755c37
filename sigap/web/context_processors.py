"""Values every template needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sigap.accounts.principal import principal_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "MAP_TILE_URL": settings.SIGAP_MAP_TILE_URL,
        "MAP_ATTRIBUTION": settings.SIGAP_MAP_ATTRIBUTION,
        "principal": principal_for(request.user) if hasattr(request, "user") else None,
    }
