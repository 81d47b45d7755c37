"""A case's attachments: list and download (staff who see the case), upload (staff who act on it)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.responses import Status as Reply

from sigap.api import presenters
from sigap.api.auth import STAFF_AUTH, caller_of
from sigap.api.errors import ApiError
from sigap.api.routers.complaints import ERRORS, WRITE_ERRORS, _staff_case
from sigap.api.schemas import AttachmentListOut
from sigap.apikeys.scopes import Scope
from sigap.complaints import presenters as case_presenters
from sigap.complaints.models import Attachment
from sigap.complaints.selectors import acting_role, actor_capacities
from sigap.complaints.services import complaint_add_attachments
from sigap.complaints.uploads import ALLOWED_TYPES, clean_upload

router = Router(tags=["attachments"])

FILE_RESPONSE = {
    "responses": {
        "200": {
            "description": "The file: images inline, PDFs as a download.",
            "content": {mime: {"schema": {"type": "string", "format": "binary"}} for mime in ALLOWED_TYPES},
        }
    }
}


@router.get(
    "/complaints/{code}/attachments", response={200: AttachmentListOut, **ERRORS}, auth=STAFF_AUTH,
    url_name="complaint_attachments",
)  # fmt: skip
def attachment_list(request: HttpRequest, code: str) -> Any:
    caller = caller_of(request)
    case = _staff_case(caller, code)
    return Reply(200, {"items": [presenters.attachment_out(a, case) for a in case.attachments.all()]})


@router.get(
    "/complaints/{code}/attachments/{attachment_id}",
    response={**ERRORS},
    auth=STAFF_AUTH,
    url_name="complaint_attachment_file",
    openapi_extra=FILE_RESPONSE,
)
def attachment_file(request: HttpRequest, code: str, attachment_id: int) -> Any:
    caller = caller_of(request)
    case = _staff_case(caller, code)
    return case_presenters.attachment_response(get_object_or_404(Attachment, pk=attachment_id, complaint=case))


@router.post(
    "/complaints/{code}/attachments",
    response={201: AttachmentListOut, **WRITE_ERRORS},
    auth=STAFF_AUTH,
    url_name="complaint_attachment_upload",
)
def attachment_upload(
    request: HttpRequest,
    code: str,
    files: File[list[UploadedFile]],
    internal: Form[bool] = False,
) -> Any:
    """Photos (JPEG, PNG, WebP) or PDFs; checked by content and re-encoded. `internal` hides them from the reporter."""
    from django.conf import settings

    caller = caller_of(request)
    case = _staff_case(caller, code, Scope.COMPLAINTS_TRANSITION)
    if caller.user is None or not actor_capacities(caller.principal, case):
        raise ApiError(403, "forbidden", _("Only staff acting on this complaint may add files."))
    if len(files) > settings.SIGAP_UPLOAD_MAX_FILES:
        raise ApiError(
            422,
            "invalid",
            _("The request has invalid values."),
            {"files": [_("At most %(n)d files at once.") % {"n": settings.SIGAP_UPLOAD_MAX_FILES}]},
        )
    cleaned, problems = [], []
    for upload in files:
        try:
            cleaned.append(clean_upload(upload))
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        raise ApiError(422, "invalid", _("The request has invalid values."), {"files": problems})
    stored = complaint_add_attachments(
        complaint=case,
        files=cleaned,
        actor=caller.user,
        acting_as=acting_role(caller.principal, case),
        internal=internal,
    )
    return Reply(201, {"items": [presenters.attachment_out(a, case) for a in stored]})
