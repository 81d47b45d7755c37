from __future__ import annotations

from django.test import override_settings

from sigap.api.tests.base import ApiTestCase
from sigap.apikeys.models import ApiKey
from sigap.apikeys.services import apikey_revoke
from sigap.complaints.models import Channel, Complaint, Reporter
from sigap.complaints.selectors import complaint_for_reporter


class CreateTest(ApiTestCase):
    def test_anyone_can_file_and_gets_the_code_and_secret_once(self):
        response = self.api_post("/complaints", self.complaint_body())
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        complaint = Complaint.objects.get()
        self.assertEqual(data["tracking_code"], complaint.tracking_code)
        self.assertEqual(complaint_for_reporter(code=data["tracking_code"], secret=data["secret"]), complaint)
        self.assertEqual(complaint.channel, Channel.API)
        self.assertEqual(complaint.category, self.roads)
        self.assertEqual(Reporter.objects.get(complaint=complaint).name, "Rina Putri")
        self.assertEqual(data["status"], "received")
        self.assertIn("+07:00", data["due_at"])
        self.assertIn(f"?code={complaint.tracking_code}", data["tracking_url"])

    def test_the_secret_opens_the_public_view(self):
        data = self.api_post("/complaints", self.complaint_body()).json()
        response = self.api_get(f"/complaints/{data['tracking_code']}/public", HTTP_X_COMPLAINT_SECRET=data["secret"])
        self.assertEqual(response.status_code, 200, response.content)
        view = response.json()
        self.assertEqual(view["status"], "received")
        self.assertEqual(view["events"][0]["kind"], "created")
        self.assertNotIn("Rina", response.content.decode())

    def test_a_wrong_secret_reveals_nothing(self):
        data = self.api_post("/complaints", self.complaint_body()).json()
        response = self.api_get(f"/complaints/{data['tracking_code']}/public", HTTP_X_COMPLAINT_SECRET="AAAA-AAAA")
        self.assert_error_shape(response, 404, "not_found")

    def test_an_api_key_files_in_its_own_jurisdiction(self):
        body = self.complaint_body()
        del body["jurisdiction"]
        response = self.api_post("/complaints", body, key=self.app_key)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Complaint.objects.get().jurisdiction, self.city)
        self.assertIsNotNone(ApiKey.objects.get(name="Aplikasi Kota Contoh").last_used_at)

    def test_a_key_cannot_file_in_another_jurisdiction(self):
        response = self.api_post("/complaints", self.complaint_body(jurisdiction="kota-lain"), key=self.app_key)
        self.assert_error_shape(response, 403, "wrong_jurisdiction")
        self.assertFalse(Complaint.objects.exists())

    def test_a_key_without_the_create_scope_is_refused(self):
        response = self.api_post("/complaints", self.complaint_body(), key=self.inspektur_key)
        self.assert_error_shape(response, 403, "scope_missing")

    def test_a_wrong_key_is_refused_not_treated_as_anonymous(self):
        response = self.api_post("/complaints", self.complaint_body(), key="sgp_not-a-real-key-at-all-0000")
        self.assert_error_shape(response, 401, "invalid_api_key")
        self.assertFalse(Complaint.objects.exists())

    def test_a_revoked_key_stops_working_at_once(self):
        apikey_revoke(key=ApiKey.objects.get(name="Aplikasi Kota Contoh"), actor=self.sysadmin)
        response = self.api_post("/complaints", self.complaint_body(), HTTP_X_API_KEY=self.app_key)
        self.assert_error_shape(response, 401, "invalid_api_key")

    def test_missing_fields_are_named_in_indonesian_by_default(self):
        response = self.api_post("/complaints", {"jurisdiction": "kota-contoh", "description": "pendek"})
        data = self.assert_error_shape(response, 422, "invalid")
        self.assertEqual(data["message"], "Permintaan berisi nilai yang tidak sah.")
        self.assertIn("title", data["fields"])
        self.assertEqual(data["fields"]["title"], ["Wajib diisi."])
        self.assertIn("description", data["fields"])

    def test_errors_follow_accept_language(self):
        response = self.api_post("/complaints", {"title": ""}, HTTP_ACCEPT_LANGUAGE="en")
        data = self.assert_error_shape(response, 422, "invalid")
        self.assertEqual(data["message"], "The request has invalid values.")

    def test_unknown_fields_are_refused(self):
        response = self.api_post("/complaints", self.complaint_body(priority="urgent"))
        data = self.assert_error_shape(response, 422)
        self.assertIn("priority", data["fields"])

    def test_an_unknown_category_or_jurisdiction_is_a_field_error(self):
        data = self.assert_error_shape(self.api_post("/complaints", self.complaint_body(category="tidak-ada")), 422)
        self.assertIn("category", data["fields"])
        data = self.assert_error_shape(self.api_post("/complaints", self.complaint_body(jurisdiction="atlantis")), 422)
        self.assertIn("jurisdiction", data["fields"])
        self.assertFalse(Complaint.objects.exists())

    def test_a_body_that_is_not_json_gets_the_same_error_shape(self):
        response = self.client.post("/api/v1/complaints", "{not json", content_type="application/json")
        self.assertIn(response.status_code, (400, 422))
        self.assert_error_shape(response, response.status_code)

    def test_service_rules_come_back_as_field_errors(self):
        body = self.complaint_body(reporter=None)
        data = self.assert_error_shape(self.api_post("/complaints", body), 422, "invalid")
        self.assertIn("reporter_name", data["fields"])

    def test_anonymous_reports_keep_no_identity(self):
        response = self.api_post("/complaints", self.complaint_body(is_anonymous=True))
        self.assertEqual(response.status_code, 201)
        complaint = Complaint.objects.get()
        self.assertTrue(complaint.is_anonymous)
        self.assertFalse(Reporter.objects.exists())


class RateLimitTest(ApiTestCase):
    @override_settings(SIGAP_API_WRITES_PER_ADDRESS=2)
    def test_anonymous_filing_is_limited_per_address_with_retry_after(self):
        # Different reports (an identical body would be a plain retry of the first, docs/api.md).
        for n in range(2):
            self.assertEqual(self.api_post("/complaints", self.complaint_body(title=f"Laporan {n}")).status_code, 201)
        response = self.api_post("/complaints", self.complaint_body(title="Laporan 2"))
        self.assert_error_shape(response, 429, "rate_limited")
        self.assertGreaterEqual(int(response["Retry-After"]), 1)
        self.assertEqual(Complaint.objects.count(), 2)
        # Another address still gets through.
        other = self.api_post("/complaints", self.complaint_body(), REMOTE_ADDR="10.0.0.9")
        self.assertEqual(other.status_code, 201)

    @override_settings(SIGAP_API_WRITES_PER_KEY=1, SIGAP_API_WRITES_PER_ADDRESS=100)
    def test_each_key_has_its_own_budget(self):
        self.assertEqual(self.api_post("/complaints", self.complaint_body(), key=self.app_key).status_code, 201)
        response = self.api_post("/complaints", self.complaint_body(), key=self.app_key)
        self.assert_error_shape(response, 429, "rate_limited")
        self.assertIn("Retry-After", response)
        self.assertEqual(self.api_post("/complaints", self.complaint_body(), key=self.admin_key).status_code, 201)

    @override_settings(SIGAP_API_SECRET_ATTEMPTS_PER_HOUR=3)
    def test_guessing_secrets_is_limited(self):
        data = self.api_post("/complaints", self.complaint_body()).json()
        for _ in range(3):
            self.api_get(f"/complaints/{data['tracking_code']}/public", HTTP_X_COMPLAINT_SECRET="WRONG-0000")
        response = self.api_get(f"/complaints/{data['tracking_code']}/public", HTTP_X_COMPLAINT_SECRET=data["secret"])
        self.assert_error_shape(response, 429, "rate_limited")


class UnstorableValueTest(ApiTestCase):
    def test_a_nul_character_is_invalid_input_not_a_server_error(self):
        """PostgreSQL cannot store NUL; SQLite can. Either way the answer is never a 500."""
        body = self.complaint_body(description="Lampu jalan mati\x00 sejak seminggu di depan pasar.")
        response = self.api_post("/complaints", body, self.app_key)
        self.assertIn(response.status_code, (201, 422), response.content)
        if response.status_code == 422:
            self.assertEqual(response.json()["code"], "invalid")
        self.assertLess(self.api_get("/complaints?q=%00", self.admin_key).status_code, 500)

    def test_a_nul_character_in_any_text_field_is_refused_naming_the_field_on_every_database(self):
        grounds = "Motor rusak\x00 karena lubang jalan."
        cases = {
            "title": {"title": "Lampu\x00 mati"},
            "description": {"description": "Lampu jalan mati\x00 sejak seminggu di depan pasar."},
            "expectation": {"expectation": "Segera\x00 diperbaiki"},
            "address": {"address": "Jl. Pahlawan\x00 12"},
            "jurisdiction": {"jurisdiction": "kota-\x00contoh"},
            "category": {"category": "jalan\x00"},
            "reporter.name": {"reporter": {"name": "Ri\x00na"}},
            "reporter.phone": {"reporter": {"name": "Rina", "phone": "0812\x0000001"}},
            "reporter.address": {"reporter": {"name": "Rina", "address": "Jl. Mawar\x00 3"}},
            "compensation.grounds": {"compensation": {"amount": 150000, "grounds": grounds}},
        }
        for field, override in cases.items():
            with self.subTest(field=field):
                response = self.api_post("/complaints", self.complaint_body(**override), self.app_key)
                data = self.assert_error_shape(response, 422, "invalid")
                self.assertEqual(data["fields"], {field: ["Teks tidak boleh memuat karakter NUL."]})
        self.assertFalse(Complaint.objects.exists())
