"""The REST API: /api/v1/, with its OpenAPI document and browsable docs generated from the code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.operation import Operation

from sigap.api.errors import install_handlers
from sigap.api.routers import attachments, complaints, reference

DESCRIPTION = """
Sigap's REST API: file and follow public complaints, and act on them in a staff role.

* **Authentication**: an API key (`Authorization: Bearer <key>` or `X-API-Key: <key>`), or a signed-in staff
  session (send the CSRF token on unsafe methods). Without either you may only file a complaint and read its public
  view with the tracking code and secret.
* **Errors**: always `{"code", "message", "fields"}`; `message` follows `Accept-Language` (Indonesian by default).
* **Idempotency**: send `Idempotency-Key` when filing; a retry with the same key and body returns the same complaint.
* **Rate limits**: filing is limited per key and per client address; a 429 carries `Retry-After`.

The Open311 GeoReport v2 endpoint lives at `/open311/v2/` (see `/open311/v2/discovery.json`).
"""


class SigapNinjaAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Name operations after their view function (`complaint_create`), not the module path."""
        return operation.view_func.__name__


api = SigapNinjaAPI(
    title="Sigap API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_handlers(api)
api.add_router("/", reference.router)
api.add_router("/", complaints.router)
api.add_router("/", attachments.router)

__all__ = ["_", "api"]
