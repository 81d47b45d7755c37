"""Real Open311 client libraries from PyPI, unmodified, against a running Sigap over HTTP.

- `georeport` (Python 3, reads only): service list, definitions, requests, one request, in JSON and XML.
- `civicbot` (Python 3): its Open311 client validates a POST against our live service list and
  definition, files it, then reads it back.
The older `open311` and `three` packages on PyPI are Python 2 only (implicit relative imports,
`itertools.ifilter`) and cannot be imported on Python 3.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from civicbot.http import HttpTransport, RateLimiter
from civicbot.open311 import Open311Client
from civicbot.registry import Endpoint
from georeport import GeoReport

from sigap.apikeys.scopes import Scope
from sigap.apikeys.services import apikey_create
from sigap.complaints.models import Channel, Complaint
from sigap.complaints.services import complaint_transition
from sigap.complaints.workflow import Action, Actor
from sigap.open311.tests.base import validate
from sigap.test import Personas

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def city(live_server):
    people = SimpleNamespace()
    Personas.build(people)
    _k, people.key = apikey_create(
        name="Client test", jurisdiction=people.city, scopes=[Scope.OPEN311_POST], actor=None
    )
    people.base = f"{live_server.url}/open311/v2"
    return people


def civicbot_client(city) -> Open311Client:
    endpoint = Endpoint(id="sigap", name="Sigap", base_url=city.base, write=True)
    # No politeness delay between calls to our own loopback server.
    transport = HttpTransport(rate_limiter=RateLimiter(min_interval=0))
    return Open311Client(endpoint, transport=transport, jurisdiction_id="contoh.go.id")


def test_civicbot_files_a_request_validated_against_the_live_definition(city):
    client = civicbot_client(city)
    prepared = client.create_request(
        "jalan",
        dry_run=False,
        confirm="SEND",
        api_key=city.key,
        validate_remote=True,
        lat=-7.6453,
        lng=112.9075,
        description="Jalan di depan Stasiun Pasuruan amblas sedalam 20 cm, sangat berbahaya.",
        attributes={"kind": "pengaduan", "confidential": "false"},
        first_name="Wawan",
        last_name="Setiawan",
        email="wawan@example.id",
    )
    validate(prepared.response, "post_response")
    code = prepared.response[0]["service_request_id"]
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.channel == Channel.OPEN311

    fetched = client.get_request(code)
    assert fetched["service_request_id"] == code
    assert fetched["status"] == "open"
    assert "Wawan" not in str(fetched)
    listed = client.list_requests(service_code="jalan", status="open")
    validate(listed, "service_requests")
    assert [r["service_request_id"] for r in listed] == [code]
    assert client.list_requests(service_request_ids=[code], page_size=5)[0]["service_request_id"] == code


def test_georeport_reads_everything_in_json(city):
    case, _secret = _filed(city)
    client = GeoReport(city.base, jurisdiction="contoh.go.id")
    services = client.get_service_list()
    validate(services, "services")
    assert {s["service_code"] for s in services} == {"jalan", "puskesmas"}
    definition = client.get_service_definition("jalan")
    validate(definition, "service_definition")
    requests_ = client.get_service_requests(status="open")
    validate(requests_, "service_requests")
    assert requests_[0]["service_request_id"] == case.tracking_code
    one = client.get_service_request(case.tracking_code)
    assert one["agency_responsible"] == "Dinas Pekerjaan Umum"
    assert one["expected_datetime"].endswith("+07:00")


def test_georeport_reads_everything_in_xml(city):
    case, _secret = _filed(city)
    client = GeoReport(city.base, jurisdiction="contoh.go.id", output_format="xml")
    services = client.get_service_list()
    assert {s["service_code"] for s in services} == {"jalan", "puskesmas"}
    definition = client.get_service_definition("jalan")
    assert definition["service_code"] == "jalan"
    assert [a["code"] for a in definition["attributes"]["attribute"]][:2] == ["title", "kind"]
    one = client.get_service_request(case.tracking_code)
    assert one["service_request_id"] == case.tracking_code
    assert one["status"] == "open"
    assert one["zipcode"] is None  # empty element, every documented key present
    by_ids = client.get_service_requests(service_request_id=case.tracking_code)
    assert by_ids["service_request_id"] == case.tracking_code  # xmltodict turns one element into a dict


def _filed(city):
    from sigap.complaints.services import ReporterDetails, Submission, complaint_submit

    case, secret = complaint_submit(
        submission=Submission(
            jurisdiction=city.city,
            title="Jalan berlubang",
            description="Lubang besar di Jl. Merdeka, sudah dua minggu tidak diperbaiki.",
            category=city.roads,
            reporter=ReporterDetails(name="Budi Santoso"),
        )
    )
    for action in (Action.VERIFY, Action.DISPATCH):
        case = complaint_transition(complaint=case, action=action, actor=city.admin, acting_as=Actor.ADMIN)
    return case, secret
