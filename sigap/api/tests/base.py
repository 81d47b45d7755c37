"""API test set-up: the personas of sigap.test plus API keys for them."""

from __future__ import annotations

from typing import Any

from sigap.apikeys.scopes import Scope
from sigap.apikeys.services import apikey_create
from sigap.test import BaseTestCase

ALL = [s.value for s in Scope]


class ApiTestCase(BaseTestCase):
    """Keys: `app_key` (a city app: file complaints, Open311), `admin_key`, `petugas_key`, `inspektur_key`."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        _k, cls.app_key = apikey_create(
            name="Aplikasi Kota Contoh",
            jurisdiction=cls.city,
            scopes=[Scope.COMPLAINTS_CREATE, Scope.OPEN311_POST, Scope.UPDATES_POST],
            actor=cls.sysadmin,
        )
        _k, cls.admin_key = apikey_create(
            name="Admin integration", jurisdiction=cls.city, scopes=ALL, user=cls.admin, actor=cls.sysadmin
        )
        _k, cls.petugas_key = apikey_create(
            name="DPUPR tools", jurisdiction=cls.city, scopes=ALL, user=cls.petugas_a, actor=cls.sysadmin
        )
        _k, cls.inspektur_key = apikey_create(
            name="Inspektorat",
            jurisdiction=cls.city,
            scopes=[Scope.COMPLAINTS_READ],
            user=cls.inspektur,
            actor=cls.sysadmin,
        )

    def auth(self, key: str) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def api_get(self, path: str, key: str | None = None, **extra: Any):
        headers = self.auth(key) if key else {}
        return self.client.get(f"/api/v1{path}", **headers, **extra)

    def api_post(self, path: str, body: Any, key: str | None = None, **extra: Any):
        headers = self.auth(key) if key else {}
        return self.client.post(f"/api/v1{path}", body, content_type="application/json", **headers, **extra)

    def complaint_body(self, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "jurisdiction": "kota-contoh",
            "category": "jalan",
            "title": "Lampu jalan mati",
            "description": "Lampu jalan di Jl. Pahlawan mati sejak seminggu, gelap dan rawan.",
            "reporter": {"name": "Rina Putri", "email": "rina@example.id", "phone": "081200000001"},
            "lat": -7.64,
            "lng": 112.9,
        }
        body.update(overrides)
        return body

    def assert_error_shape(self, response, status: int, code: str | None = None) -> dict[str, Any]:
        self.assertEqual(response.status_code, status, response.content)
        self.assertTrue(response["Content-Type"].startswith("application/json"), response["Content-Type"])
        data = response.json()
        self.assertEqual(set(data), {"code", "message", "fields"})
        if code is not None:
            self.assertEqual(data["code"], code)
        return data
