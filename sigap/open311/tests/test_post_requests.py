"""POST /requests: filing service requests with an API key, every error case, idempotency, tokens."""

from __future__ import annotations

import io
from datetime import timedelta
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from sigap.api.models import IdempotencyRecord
from sigap.apikeys.models import ApiKey
from sigap.apikeys.services import apikey_revoke
from sigap.complaints.models import Channel, Complaint, Reporter
from sigap.open311.models import RequestOrigin
from sigap.open311.tests.base import FORMATS, Open311TestCase


class PostRequestTest(Open311TestCase):
    def test_a_request_is_filed_and_its_id_returned_at_once(self):
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                response = self.post311("requests", fmt, self.request_form(account_id="fms-77"))
                self.assertEqual(response.status_code, 200, response.content)
                data = self.parsed(response, fmt, schema_name="post_response")
                if fmt == "json":
                    code = data[0]["service_request_id"]
                    self.assertEqual(data[0]["account_id"], "fms-77")
                    self.assertIn("2", data[0]["service_notice"])
                    self.assertNotIn("token", data[0])
                else:
                    self.assertEqual(data.tag, "service_requests")
                    code = data.findtext("request/service_request_id")
                    self.assertIsNone(data.find("request/token"))
                complaint = Complaint.objects.get(tracking_code=code)
                self.assertEqual(complaint.channel, Channel.OPEN311)
                self.assertEqual(complaint.category, self.roads)
                self.assertEqual((complaint.lat, complaint.lng), (-7.6453, 112.9075))
                self.assertEqual(Reporter.objects.get(complaint=complaint).name, "Dewi Lestari")

    def test_attributes_set_kind_title_and_confidentiality(self):
        form = self.request_form(
            **{"attribute[kind]": "aspirasi", "attribute[title]": "Usul trotoar", "attribute[confidential]": "true"}
        )
        self.assertEqual(self.post311("requests", "json", form).status_code, 200)
        complaint = Complaint.objects.get()
        self.assertEqual(
            (complaint.kind, complaint.title, complaint.is_confidential), ("aspirasi", "Usul trotoar", True)
        )

    def test_without_a_name_or_contact_the_report_is_anonymous(self):
        form = self.request_form(first_name=None, last_name="-", email=None, phone=None)
        self.assertEqual(self.post311("requests", "json", form).status_code, 200)
        self.assertTrue(Complaint.objects.get().is_anonymous)
        self.assertFalse(Reporter.objects.exists())

    def test_an_address_alone_is_a_location(self):
        form = self.request_form(lat=None, long=None, address_string="Jl. Soekarno Hatta 5, Pasuruan")
        self.assertEqual(self.post311("requests", "json", form).status_code, 200)
        self.assertEqual(Complaint.objects.get().address, "Jl. Soekarno Hatta 5, Pasuruan")

    def test_media_urls_are_stored_but_never_fetched(self):
        with mock.patch("urllib.request.urlopen") as urlopen:
            form = self.request_form(media_url="https://img.example.org/lubang.jpg")
            self.assertEqual(self.post311("requests", "json", form).status_code, 200)
        urlopen.assert_not_called()
        self.assertEqual(RequestOrigin.objects.get().media_urls, ["https://img.example.org/lubang.jpg"])

    def test_a_multipart_photo_is_cleaned_and_attached(self):
        out = io.BytesIO()
        Image.new("RGB", (12, 12), "green").save(out, format="JPEG")
        form = self.request_form(media=SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg"))
        self.assertEqual(self.post311("requests", "json", form).status_code, 200)
        self.assertEqual(Complaint.objects.get().attachments.get().content_type, "image/jpeg")

    def test_api_key_problems_are_403(self):
        cases = {
            "missing": self.request_form(api_key=None),
            "wrong": self.request_form(api_key="sgp_wrong-wrong-wrong-wrong-wrong"),
            "no scope": self.request_form(api_key=self.inspektur_key),
        }
        for name, form in cases.items():
            for fmt in FORMATS:
                with self.subTest(name=name, fmt=fmt):
                    self.errors(self.post311("requests", fmt, form), fmt, 403)
        self.assertFalse(Complaint.objects.exists())

    def test_a_revoked_key_is_403(self):
        apikey_revoke(key=ApiKey.objects.get(name="Aplikasi Kota Contoh"), actor=None)
        self.errors(self.post311("requests", "xml", self.request_form()), "xml", 403)

    def test_the_key_may_also_come_in_the_query_string(self):
        form = self.request_form(api_key=None)
        response = self.client.post(f"/open311/v2/requests.json?api_key={self.app_key}", form)
        self.assertEqual(response.status_code, 200, response.content)

    def test_service_code_missing_is_400_and_unknown_is_404(self):
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                self.errors(self.post311("requests", fmt, self.request_form(service_code=None)), fmt, 400)
                self.errors(self.post311("requests", fmt, self.request_form(service_code="tidak-ada")), fmt, 404)

    def test_a_jurisdiction_the_key_does_not_serve_is_refused(self):
        self.errors(self.post311("requests", "json", self.request_form(jurisdiction_id="lain.go.id")), "json", 403)
        self.errors(self.post311("requests", "json", self.request_form(jurisdiction_id="atlantis")), "json", 404)

    def test_each_validation_problem_is_its_own_error(self):
        form = self.request_form(lat=None, long=None, description="x" * 4001)
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                errors = self.errors(self.post311("requests", fmt, form), fmt, 400)
                self.assertEqual(len(errors), 2, errors)
        self.assertFalse(Complaint.objects.exists())

    def test_lat_without_long_is_400(self):
        self.errors(self.post311("requests", "json", self.request_form(long=None)), "json", 400)
        self.errors(self.post311("requests", "json", self.request_form(lat="utara")), "json", 400)

    def test_attribute_values_are_checked(self):
        for attribute, value in [("kind", "gosip"), ("confidential", "mungkin"), ("incident_date", "kemarin")]:
            with self.subTest(attribute=attribute):
                form = self.request_form(**{f"attribute[{attribute}]": value})
                self.errors(self.post311("requests", "json", form), "json", 400)

    def test_unknown_attributes_are_ignored(self):
        form = self.request_form(**{"attribute[warna]": "merah", "attribute[tags][]": ["a", "b"]})
        self.assertEqual(self.post311("requests", "json", form).status_code, 200)

    def test_the_complaint_rules_come_back_as_400(self):
        errors = self.errors(self.post311("requests", "json", self.request_form(description="pendek")), "json", 400)
        self.assertTrue(errors[0].startswith("description"), errors)

    @override_settings(SIGAP_API_WRITES_PER_KEY=1)
    def test_too_many_requests_get_429_with_retry_after(self):
        self.assertEqual(self.post311("requests", "json", self.request_form()).status_code, 200)
        response = self.post311("requests", "xml", self.request_form())
        self.errors(response, "xml", 429)
        self.assertGreaterEqual(int(response["Retry-After"]), 1)


class IdempotentPostTest(Open311TestCase):
    def test_a_fixmystreet_retry_gets_the_same_request(self):
        form = self.request_form(**{"attribute[fixmystreet_id]": "4711"})
        first = self.post311("requests", "xml", form)
        second = self.post311("requests", "json", form)
        self.assertEqual(Complaint.objects.count(), 1)
        code = Complaint.objects.get().tracking_code
        self.assertIn(code, first.content.decode())
        self.assertEqual(second.json()[0]["service_request_id"], code)
        self.assertEqual(Complaint.objects.get().external_ref, "4711")

    def test_the_idempotency_key_header_works_too(self):
        self.post311("requests", "json", self.request_form(), HTTP_IDEMPOTENCY_KEY="abc")
        self.post311("requests", "json", self.request_form(), HTTP_IDEMPOTENCY_KEY="abc")
        self.assertEqual(Complaint.objects.count(), 1)

    def test_a_plain_retry_without_any_key_gets_the_same_request(self):
        """Real Open311 clients resend the same POST after a lost answer, with no key at all."""
        first = self.post311("requests", "json", self.request_form()).json()
        second = self.post311("requests", "json", self.request_form()).json()
        self.assertEqual(Complaint.objects.count(), 1)
        self.assertEqual(second[0]["service_request_id"], first[0]["service_request_id"])

    def test_a_plain_request_with_other_parameters_is_a_new_request(self):
        self.post311("requests", "json", self.request_form())
        self.post311("requests", "json", self.request_form(description="Lampu jalan di gang mati sejak kemarin."))
        self.assertEqual(Complaint.objects.count(), 2)

    def test_the_same_parameters_after_the_window_are_a_new_request(self):
        self.post311("requests", "json", self.request_form())
        IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
        self.post311("requests", "json", self.request_form())
        self.assertEqual(Complaint.objects.count(), 2)

    def test_one_id_for_two_different_requests_is_refused(self):
        self.post311("requests", "json", self.request_form(**{"attribute[fixmystreet_id]": "9"}))
        other = self.request_form(
            **{"attribute[fixmystreet_id]": "9"}, description="Laporan lain sama sekali, lampu mati."
        )
        self.errors(self.post311("requests", "json", other), "json", 400)
        self.assertEqual(Complaint.objects.count(), 1)


@override_settings(SIGAP_OPEN311_SERVICE_TYPE="batch")
class BatchTokenTest(Open311TestCase):
    def test_batch_services_return_a_token_that_resolves_to_the_id(self):
        services = self.get311("services", "json").json()
        self.assertEqual({s["type"] for s in services}, {"batch"})
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                data = self.parsed(self.post311("requests", fmt, self.request_form()), fmt, schema_name="post_response")
                token = data[0]["token"] if fmt == "json" else data.findtext("request/token")
                self.assertTrue(token)
                resolved = self.parsed(self.get311(f"tokens/{token}", fmt), fmt, schema_name="token")
                code = (
                    resolved[0]["service_request_id"]
                    if fmt == "json"
                    else resolved.findtext("request/service_request_id")
                )
                self.assertEqual(code, RequestOrigin.objects.get(token=token).complaint.tracking_code)

    def test_an_unknown_token_is_404(self):
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                self.errors(self.get311("tokens/0123456789abcdef", fmt), fmt, 404)


class MalformedBodyTest(Open311TestCase):
    def test_multipart_without_a_boundary_is_400(self):
        response = self.client.generic("POST", "/open311/v2/requests.json", b"x", content_type="multipart/form-data")
        self.errors(response, "json", 400)
