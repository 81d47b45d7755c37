"""Discovery, service list and service definitions, in XML and JSON."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from sigap.open311.tests.base import FORMATS, Open311TestCase


class DiscoveryTest(Open311TestCase):
    def test_discovery_is_served_in_both_formats(self):
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                response = self.client.get(f"/open311/v2/discovery.{fmt}")
                self.assertEqual(response.status_code, 200)
                data = self.parsed(response, fmt, schema_name="discovery")
                if fmt == "json":
                    endpoint = data["endpoints"][0]
                    self.assertEqual(endpoint["url"], "http://testserver/open311/v2")
                    self.assertEqual(endpoint["formats"], ["text/xml", "application/json"])
                else:
                    self.assertEqual(data.tag, "discovery")
                    formats = [f.text for f in data.findall("endpoints/endpoint/formats/format")]
                    self.assertEqual(formats, ["text/xml", "application/json"])
                    self.assertEqual(
                        data.findtext("endpoints/endpoint/specification"), "http://wiki.open311.org/GeoReport_v2"
                    )

    def test_the_changeset_moves_when_a_category_changes(self):
        before = self.client.get("/open311/v2/discovery.json").json()["changeset"]
        self.roads.name = "Jalan dan trotoar rusak"
        with time_machine.travel(timezone.now() + timedelta(minutes=1)):
            self.roads.save()
        after = self.client.get("/open311/v2/discovery.json").json()["changeset"]
        self.assertGreaterEqual(after, before)
        self.assertNotEqual(after, before)

    def test_the_endpoint_root_is_a_readable_page_in_indonesian(self):
        response = self.client.get("/open311/v2/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "discovery.xml")
        self.assertContains(response, "contoh.go.id")
        self.assertContains(response, "Yurisdiksi yang dilayani")


class ServicesTest(Open311TestCase):
    def test_categories_are_the_services(self):
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                data = self.parsed(self.get311("services", fmt), fmt, schema_name="services")
                if fmt == "json":
                    roads = next(s for s in data if s["service_code"] == "jalan")
                    self.assertEqual(roads["service_name"], "Jalan rusak")
                    self.assertIs(roads["metadata"], True)
                    self.assertEqual(roads["type"], "realtime")
                    self.assertEqual({s["service_code"] for s in data}, {"jalan", "puskesmas"})
                else:
                    self.assertEqual(data.tag, "services")
                    codes = {s.findtext("service_code") for s in data.findall("service")}
                    self.assertEqual(codes, {"jalan", "puskesmas"})
                    self.assertEqual(data.find("service").findtext("metadata"), "true")

    def test_names_follow_accept_language(self):
        data = self.client.get("/open311/v2/services.json", self.jid, HTTP_ACCEPT_LANGUAGE="en").json()
        self.assertIn("Damaged roads", {s["service_name"] for s in data})

    def test_a_single_service_comes_back_as_a_one_element_array(self):
        self.health.is_active = False
        self.health.save()
        data = self.get311("services", "json").json()
        self.assertEqual(len(data), 1)

    def test_jurisdiction_id_is_required_when_several_are_served(self):
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                response = self.client.get(f"/open311/v2/services.{fmt}")
                self.assertIn("jurisdiction_id", self.errors(response, fmt, 400)[0])
                response = self.client.get(f"/open311/v2/services.{fmt}", {"jurisdiction_id": "atlantis.go.id"})
                self.errors(response, fmt, 404)

    def test_an_empty_jurisdiction_id_counts_as_absent(self):
        self.errors(self.client.get("/open311/v2/services.json", {"jurisdiction_id": ""}), "json", 400)

    def test_with_one_jurisdiction_the_id_is_optional(self):
        self.other_city.is_active = False
        self.other_city.save()
        self.assertEqual(self.client.get("/open311/v2/services.json").status_code, 200)
        self.assertEqual(self.client.get("/open311/v2/services.json", {"jurisdiction_id": "apa.saja"}).status_code, 200)

    def test_the_other_city_sees_its_own_services(self):
        data = self.client.get("/open311/v2/services.json", {"jurisdiction_id": "kota-lain"}).json()
        self.assertEqual([s["service_name"] for s in data], ["Jalan"])


class ServiceDefinitionTest(Open311TestCase):
    def test_the_definition_lists_the_attributes(self):
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                data = self.parsed(self.get311("services/jalan", fmt), fmt, schema_name="service_definition")
                if fmt == "json":
                    self.assertEqual(data["service_code"], "jalan")
                    codes = [a["code"] for a in data["attributes"]]
                    self.assertEqual(
                        codes,
                        [
                            "title", "kind", "expectation", "incident_date", "confidential",
                            "compensation_amount", "compensation_grounds", "notice",
                        ],
                    )  # fmt: skip
                    kind = data["attributes"][1]
                    self.assertEqual([v["key"] for v in kind["values"]], ["pengaduan", "aspirasi", "informasi"])
                    notice = data["attributes"][7]
                    self.assertIs(notice["variable"], False)
                    self.assertIn("3 hari kerja", notice["description"])
                else:
                    self.assertEqual(data.tag, "service_definition")
                    keys = [v.findtext("key") for v in data.findall("attributes/attribute/values/value")]
                    self.assertIn("aspirasi", keys)
                    self.assertEqual(data.find("attributes/attribute").findtext("variable"), "true")

    def test_an_unknown_service_code_is_404(self):
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                self.errors(self.get311("services/tidak-ada", fmt), fmt, 404)


class FormatTest(Open311TestCase):
    def test_an_unknown_extension_is_a_400_error_in_xml(self):
        response = self.get311("services", "csv")
        self.errors(response, "xml", 400)

    def test_an_unknown_path_is_a_404_error_in_the_asked_format(self):
        self.errors(self.client.get("/open311/v2/nothing.json"), "json", 404)
        self.errors(self.client.get("/open311/v2/nothing"), "xml", 404)

    def test_a_method_the_resource_does_not_take_is_405(self):
        response = self.client.put("/open311/v2/services.json")
        self.errors(response, "json", 405)
        self.assertEqual(response["Allow"], "GET")


class JurisdictionRuleTest(Open311TestCase):
    def test_every_call_needs_a_known_jurisdiction_when_several_are_served(self):
        case, _ = self.submit()
        paths = ["services", "services/jalan", "requests", f"requests/{case.tracking_code}", "tokens/abc",
                 "servicerequestupdates"]  # fmt: skip
        for path in paths:
            for fmt in FORMATS:
                with self.subTest(path=path, fmt=fmt):
                    self.errors(self.client.get(f"/open311/v2/{path}.{fmt}"), fmt, 400)
                    self.errors(self.client.get(f"/open311/v2/{path}.{fmt}", {"jurisdiction_id": "x.go.id"}), fmt, 404)
