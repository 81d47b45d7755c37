"""Arbitrary Open311 POSTs: each is filed or refused with an Open311 error, never a server error."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlencode

from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from sigap.complaints.models import Complaint
from sigap.open311.tests.base import Open311TestCase

FIELDS = [
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "description",
    "first_name",
    "last_name",
    "email",
    "phone",
    "device_id",
    "account_id",
    "media_url",
    "attribute[confidential]",
    "attribute[kind]",
    "attribute[title]",
    "jurisdiction_id",
    "service_request_id",
    "update_id",
    "status",
    "updated_datetime",
]
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(str), st.integers().map(str))
value = st.one_of(text, numbers, st.sampled_from(["jalan", "", "contoh.go.id", "-7.6", "112.9", "open", "closed"]))
forms = st.dictionaries(st.sampled_from(FIELDS), value, max_size=len(FIELDS))


def assert_open311_answer(test: Any, response: Any, fmt: str) -> None:
    """A 200 with the request, or a 4xx with a list of errors in the same format."""
    test.assertLess(response.status_code, 500, response.content[:500])
    if fmt == "json":
        data = json.loads(response.content)
        test.assertIsInstance(data, list)
        if response.status_code >= 400:
            test.assertTrue(all("code" in e and e.get("description") for e in data), data)
    else:
        try:
            root = ET.fromstring(response.content)  # noqa: S314 (our own server's answer)
        except ET.ParseError as exc:
            test.fail(f"not XML ({exc}): {response.content[:600]!r}")
        if response.status_code >= 400:
            test.assertEqual(root.tag, "errors")
            test.assertTrue(all(e.findtext("description") for e in root))


@override_settings(SIGAP_API_WRITES_PER_ADDRESS=1_000_000, SIGAP_API_WRITES_PER_KEY=1_000_000)
class Open311PostFuzzTest(Open311TestCase, HypothesisTestCase):
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(form=forms, fmt=st.sampled_from(["json", "xml"]), with_key=st.booleans())
    def test_any_service_request_form_is_filed_or_refused_with_errors(self, form, fmt, with_key) -> None:
        before = Complaint.objects.count()
        data = {**form, **({"api_key": self.app_key} if with_key else {})}
        response = self.client.post(f"/open311/v2/requests.{fmt}", data)
        assert_open311_answer(self, response, fmt)
        if response.status_code >= 400:
            self.assertEqual(Complaint.objects.count(), before, "a refused request filed a complaint")

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(form=forms, fmt=st.sampled_from(["json", "xml"]))
    def test_any_update_form_is_accepted_or_refused_with_errors(self, form, fmt) -> None:
        response = self.client.post(f"/open311/v2/servicerequestupdates.{fmt}", {**form, "api_key": self.app_key})
        assert_open311_answer(self, response, fmt)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        body=st.binary(max_size=400),
        content_type=st.sampled_from(
            ["application/json", "text/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]
        ),
    )
    def test_any_raw_body_is_refused_with_errors(self, body, content_type) -> None:
        response = self.client.post(
            f"/open311/v2/requests.json?api_key={self.app_key}", body, content_type=content_type
        )
        assert_open311_answer(self, response, "json")


class XmlControlCharacterTest(Open311TestCase):
    def test_control_characters_in_stored_text_or_echoed_parameters_keep_the_xml_readable(self) -> None:
        complaint, _secret = self.submit(description="Lampu mati\x1b di depan\x0b pasar sejak kemarin malam.")
        response = self.get311("requests", "xml")
        root = ET.fromstring(response.content)  # noqa: S314 (our own server's answer)
        self.assertIn(complaint.tracking_code, [r.findtext("service_request_id") for r in root])
        response = self.client.get("/open311/v2/services.xml", {"jurisdiction_id": "kota\x1b"})
        self.assertEqual(ET.fromstring(response.content).tag, "errors")  # noqa: S314


class NulCharacterTest(Open311TestCase):
    """A NUL character, which PostgreSQL cannot store, is bad input (400), never a server error."""

    def test_nul_in_any_parameter_is_refused_in_the_requested_format(self) -> None:
        calls = [
            ("post", "/open311/v2/servicerequestupdates.json", {"jurisdiction_id": "\x00", "api_key": self.app_key}),
            ("post", "/open311/v2/requests.xml", {"service_code": "jalan", "description": "a\x00b"}),
            ("get", "/open311/v2/services.json", {"jurisdiction_id": "\x00"}),
            ("get", "/open311/v2/requests.json", {"service_request_id": "\x00"}),
        ]
        for method, url, data in calls:
            with self.subTest(url=url):
                response = getattr(self.client, method)(url, data)
                self.assertEqual(response.status_code, 400, response.content[:300])
                assert_open311_answer(self, response, "xml" if url.endswith(".xml") else "json")

    def test_a_form_encoded_request_with_nul_files_nothing(self) -> None:
        # FixMyStreet posts application/x-www-form-urlencoded; the answer follows the extension.
        fields = {
            "json": {"description": "Jalan berlubang\x00 di depan Pasar Besar."},
            "xml": {"attribute[title]": "a\x00"},
        }
        for fmt, extra in fields.items():
            with self.subTest(fmt=fmt):
                body = urlencode(self.request_form(**extra))
                response = self.post311("requests", fmt, body, content_type="application/x-www-form-urlencoded")
                self.errors(response, fmt, 400)
        self.assertFalse(Complaint.objects.exists())
