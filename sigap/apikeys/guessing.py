"""Addresses that keep presenting wrong API keys are made to wait.

Keys carry 256 random bits, so guessing one is hopeless; the limit keeps a
scanner or a misconfigured client from hammering the key lookup. Once an address
is over the limit every key it presents is refused unchecked, so the answer tells
nothing about whether a key was right.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from sigap.apikeys.models import ApiKey
from sigap.apikeys.selectors import apikey_for
from sigap.web.ratelimit import Verdict, exceeded, hit

SCOPE = "api-bad-key"
WINDOW_SECONDS = 3600


class TooManyWrongKeys(Exception):
    def __init__(self, verdict: Verdict) -> None:
        super().__init__("too many wrong API keys")
        self.retry_after = max(verdict.retry_after, 1)

    @property
    def message(self) -> str:
        return _("Too many requests with a wrong API key. Try again in %(minutes)d minutes.") % {
            "minutes": self.retry_after // 60 + 1
        }


def apikey_check(raw: str, *, address: str) -> ApiKey | None:
    """The active key matching `raw`, or None; raises TooManyWrongKeys for an address over the limit."""
    limit = settings.SIGAP_API_WRONG_KEYS_PER_HOUR
    blocked = exceeded(SCOPE, address, limit=limit, window=WINDOW_SECONDS)
    if blocked is not None:
        raise TooManyWrongKeys(blocked)
    key = apikey_for(raw)
    if key is None:
        hit(SCOPE, address, limit=limit, window=WINDOW_SECONDS)
    return key
