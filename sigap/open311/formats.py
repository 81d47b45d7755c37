"""Open311's two wire formats: XML (required by the spec) and its mechanical JSON mapping.

JSON drops the XML root; every element that holds repeated children becomes an
array, even with one or no items; empty elements become null.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

FORMATS = ("xml", "json")
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
# The child element of each list element.
ITEM_TAGS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}
# Characters XML 1.0 cannot carry at all (control characters, lone surrogates): a report sent by
# SMS or e-mail, or a parameter echoed in an error, may hold them and would make the document unreadable.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def text_of(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for name, child in value.items():
            _fill(ET.SubElement(element, name), child)
    elif isinstance(value, list):
        item_tag = ITEM_TAGS[element.tag]
        for item in value:
            _fill(ET.SubElement(element, item_tag), item)
    else:
        text = text_of(value)
        element.text = None if text is None else NOT_XML.sub("", text)


def to_xml(root: str, payload: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, payload)
    body = ET.tostring(element, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value)!r}")


def to_json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, default=_jsonable).encode("utf-8")


def render(fmt: str, root: str, payload: Any, *, status: int = 200) -> HttpResponse:
    """Answer in `fmt`; `root` is the XML root element, which JSON leaves out."""
    body = to_xml(root, payload) if fmt == "xml" else to_json(payload)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_errors(fmt: str, status: int, errors: list[tuple[int | str, str]]) -> HttpResponse:
    payload = [{"code": code, "description": description} for code, description in errors]
    return render(fmt if fmt in FORMATS else "xml", "errors", payload, status=status)


def render_server_error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """Open311 clients read even a crash or an outage as a list of {code, description} in their format."""
    fmt = "json" if request.path.endswith(".json") else "xml"
    return render_errors(fmt, status, [(status, message)])
