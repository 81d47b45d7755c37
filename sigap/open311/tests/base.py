"""Open311 test helpers: calls in either format, XML parsing, and our JSON Schemas."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema

from sigap.api.tests.base import ApiTestCase

SCHEMAS = Path(__file__).parent / "schemas"
FORMATS = ("json", "xml")


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.json").read_text())


def validate(data: Any, name: str) -> None:
    jsonschema.validate(data, schema(name), format_checker=jsonschema.FormatChecker())


class Open311TestCase(ApiTestCase):
    jid = {"jurisdiction_id": "contoh.go.id"}

    def get311(self, path: str, fmt: str, **params: Any):
        return self.client.get(f"/open311/v2/{path}.{fmt}", {**self.jid, **params})

    def post311(self, path: str, fmt: str, data: dict[str, Any], **extra: Any):
        return self.client.post(f"/open311/v2/{path}.{fmt}", data, **extra)

    def parsed(self, response, fmt: str, *, schema_name: str | None = None) -> Any:
        """Check content type and declaration; return JSON data or the XML root element."""
        if fmt == "json":
            self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
            data = response.json()
            if schema_name:
                validate(data, schema_name)
            return data
        self.assertEqual(response["Content-Type"], "text/xml; charset=utf-8")
        body = response.content.decode("utf-8")
        self.assertTrue(body.startswith('<?xml version="1.0" encoding="UTF-8"?>'), body[:80])
        return ET.fromstring(response.content)  # noqa: S314 (our own server's answer)

    def errors(self, response, fmt: str, status: int) -> list[str]:
        """Assert an Open311 error body with this status; return the descriptions."""
        self.assertEqual(response.status_code, status, response.content)
        data = self.parsed(response, fmt, schema_name="errors")
        if fmt == "json":
            self.assertTrue(all(e["code"] == status for e in data))
            return [e["description"] for e in data]
        self.assertEqual(data.tag, "errors")
        self.assertTrue(all(e.findtext("code") == str(status) for e in data.findall("error")))
        return [e.findtext("description") or "" for e in data.findall("error")]

    def request_form(self, **overrides: Any) -> dict[str, Any]:
        form: dict[str, Any] = {
            "api_key": self.app_key,
            "jurisdiction_id": "contoh.go.id",
            "service_code": "jalan",
            "lat": "-7.6453",
            "long": "112.9075",
            "description": "Jalan aspal mengelupas dan berlubang di depan Pasar Besar, sudah sebulan.",
            "first_name": "Dewi",
            "last_name": "Lestari",
            "email": "dewi@example.id",
            "phone": "081311112222",
        }
        form.update(overrides)
        return {k: v for k, v in form.items() if v is not None}
