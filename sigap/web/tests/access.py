"""Walking every URL pattern as every persona: the arguments each pattern takes, and how to call it.

Used by the permission matrix and the identity scan (sigap/web/tests/test_*.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.admin.sites import site as admin_site
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver

# Tables whose rows record that something was looked at or tried, not a change to anything.
TRACE_TABLES = (
    "django_session",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "audit_auditentry",
    "staff_signin",
    "otp_totp_totpdevice",
    "web_ratecounter",
)


def url_patterns() -> Iterator[tuple[str, str]]:
    """Yield (name, route) for every pattern of the root URLconf; the admin site counts as one."""

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if getattr(entry, "urlconf_name", None) is admin_site.urls[0] or entry.app_name == "admin":
                    yield "admin", prefix + str(entry.pattern)
                    continue
                inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = entry.name or f"<unnamed {entry.pattern}>"
                yield ":".join(part for part in (namespace, name) if part), prefix + str(entry.pattern)

    yield from walk(get_resolver(), "/", "")


def writes(queries: list[dict[str, str]]) -> list[str]:
    """The statements among `queries` that change a table other than the access traces."""
    changed = []
    for query in queries:
        sql = query["sql"].lstrip().lower()
        if not sql.startswith(("insert", "update", "delete", "replace")):
            continue
        if any(f'"{table}"' in sql.split("(")[0] or f" {table} " in sql for table in TRACE_TABLES):
            continue
        changed.append(query["sql"][:160])
    return changed


def is_refused(response: HttpResponse) -> bool:
    """403, 404, 405, 401, or a redirect to sign in / to the second factor."""
    if response.status_code in (401, 403, 404, 405):
        return True
    if response.status_code in (301, 302, 303, 307):
        target = response.get("Location", "")
        return any(part in target for part in ("/akun/masuk/", "/akun/2fa/", "/sysadmin/login/"))
    return False


def outcome(response: HttpResponse) -> str:
    if response.status_code >= 500:
        return "error"
    return "refused" if is_refused(response) else "allowed"


Caller = Callable[..., HttpResponse]
ArgsFor = Callable[[Any, Any], dict[str, Any]]
