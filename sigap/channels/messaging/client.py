"""A small JSON-over-HTTPS client for the messaging providers (Graph API, Bot API).

Every failure becomes a ProviderError carrying the provider's own error code
(Graph API `error.code`, Bot API `error_code`) and, for rate limits, how long
to wait; the caller decides whether to retry.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings


@dataclass
class ProviderError(Exception):
    message: str
    http_status: int = 0
    code: int = 0
    retry_after: int = 0

    def __str__(self) -> str:
        parts = [self.message]
        if self.http_status:
            parts.append(f"HTTP {self.http_status}")
        if self.code:
            parts.append(f"code {self.code}")
        if self.retry_after:
            parts.append(f"retry after {self.retry_after}s")
        return " — ".join(parts)


def _error_from(status: int, raw: bytes) -> ProviderError:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        data = None
    if isinstance(data, dict) and isinstance(data.get("error"), dict):  # Graph API
        error = data["error"]
        return ProviderError(str(error.get("message", ""))[:500], status, _int(error.get("code")))
    if isinstance(data, dict) and "error_code" in data:  # Bot API
        parameters: dict[str, Any] = data["parameters"] if isinstance(data.get("parameters"), dict) else {}
        return ProviderError(
            str(data.get("description", ""))[:500],
            status,
            _int(data.get("error_code")),
            _int(parameters.get("retry_after")),
        )
    return ProviderError(raw[:200].decode("utf-8", "replace"), status)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _open(request: urllib.request.Request, limit: int) -> bytes:
    try:
        with urllib.request.urlopen(request, timeout=settings.SIGAP_WEBHOOK_TIMEOUT) as response:  # noqa: S310
            data = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise _error_from(exc.code, exc.read(65536)) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise ProviderError(f"cannot reach {request.full_url.split('?')[0]}: {exc}") from exc
    if len(data) > limit:
        raise ProviderError("the answer is larger than allowed")
    return data


def call(url: str, *, payload: dict[str, Any] | None = None, token: str = "") -> dict[str, Any]:
    """GET (no payload) or POST JSON; return the JSON answer."""
    body = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")  # noqa: S310
    request.add_header("User-Agent", "Sigap")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    raw = _open(request, 1024 * 1024)
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProviderError("the answer is not JSON") from exc
    if not isinstance(data, dict):
        raise ProviderError("the answer is not a JSON object")
    return data


def download(url: str, *, token: str = "", limit: int) -> bytes:
    """Fetch a file, refusing more than `limit` bytes."""
    request = urllib.request.Request(url, method="GET")  # noqa: S310
    request.add_header("User-Agent", "Sigap")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    return _open(request, limit)
