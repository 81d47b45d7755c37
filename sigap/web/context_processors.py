"""Values every template needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static


def site_logo() -> str:
    """The logo's address: as given when it is a URL or an absolute path, else a static file."""
    logo = settings.SIGAP_SITE_LOGO
    if not logo or logo.startswith(("http://", "https://", "/")):
        return logo
    return static(logo)


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "MAP_TILE_URL": settings.SIGAP_MAP_TILE_URL,
        "MAP_ATTRIBUTION": settings.SIGAP_MAP_ATTRIBUTION,
        "SITE_NAME": settings.SIGAP_SITE_NAME,
        "SITE_LOGO": site_logo(),
    }
