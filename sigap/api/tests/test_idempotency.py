"""Idempotency-Key on create: the same key and body file one complaint, never two."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from unittest import mock

import pytest
import requests
from django.db import connection

from sigap.api.models import IdempotencyRecord
from sigap.api.tests.base import ApiTestCase
from sigap.apikeys.scopes import Scope
from sigap.apikeys.services import apikey_create
from sigap.complaints.models import Complaint
from sigap.test import Personas


class IdempotencyTest(ApiTestCase):
    def post(self, body, key="kunci-1", **extra):
        return self.api_post("/complaints", body, HTTP_IDEMPOTENCY_KEY=key, **extra)

    def test_the_same_key_and_body_give_the_same_complaint_and_response(self):
        first = self.post(self.complaint_body())
        second = self.post(self.complaint_body())
        self.assertEqual(first.status_code, 201)
        self.assertEqual(second.status_code, 201)
        self.assertEqual(first.json(), second.json())
        self.assertEqual(second["Idempotent-Replayed"], "true")
        self.assertNotIn("Idempotent-Replayed", first)
        self.assertEqual(Complaint.objects.count(), 1)

    def test_the_stored_response_keeps_the_secret_sealed_and_the_replay_gives_it_back(self):
        first = self.post(self.complaint_body())
        secret = first.json()["secret"]
        stored = IdempotencyRecord.objects.get()
        self.assertNotIn(secret, str(stored.response))
        self.assertNotIn(secret.replace("-", ""), str(stored.response))
        replay = self.post(self.complaint_body())
        self.assertEqual(replay.json()["secret"], secret)
        self.assertEqual(
            self.api_get(
                f"/complaints/{first.json()['tracking_code']}/public", HTTP_X_COMPLAINT_SECRET=secret
            ).status_code,
            200,
        )

    def test_a_replay_after_the_sealing_key_was_retired_still_answers_without_the_secret(self):
        with self.settings(SIGAP_REPORTER_SECRET_KEYS=["1:erste-schluessel"]):
            first = self.post(self.complaint_body())
        with self.settings(SIGAP_REPORTER_SECRET_KEYS=["2:zweite-schluessel"]):
            replay = self.post(self.complaint_body())
        self.assertEqual(replay.status_code, 201)
        self.assertEqual(replay.json()["tracking_code"], first.json()["tracking_code"])
        self.assertIsNone(replay.json()["secret"])

    def test_a_plain_retry_without_a_key_files_one_complaint(self):
        """A client that resends the same body after a lost answer, without any key, cannot duplicate."""
        first = self.api_post("/complaints", self.complaint_body())
        second = self.api_post("/complaints", self.complaint_body())
        self.assertEqual((first.status_code, second.status_code), (201, 201))
        self.assertEqual(first.json()["tracking_code"], second.json()["tracking_code"])
        self.assertEqual(second["Idempotent-Replayed"], "true")
        self.assertEqual(Complaint.objects.count(), 1)

    def test_without_a_key_another_body_is_another_complaint(self):
        self.api_post("/complaints", self.complaint_body())
        self.assertEqual(self.api_post("/complaints", self.complaint_body(title="Judul lain")).status_code, 201)
        self.assertEqual(Complaint.objects.count(), 2)

    def test_the_same_key_with_another_body_is_refused_clearly(self):
        self.post(self.complaint_body())
        response = self.post(self.complaint_body(title="Judul lain"))
        data = self.assert_error_shape(response, 422, "idempotency_key_reused")
        self.assertIn("Idempotency-Key", data["message"])
        self.assertEqual(Complaint.objects.count(), 1)

    def test_keys_of_different_clients_never_meet(self):
        self.post(self.complaint_body(), REMOTE_ADDR="10.0.0.1")
        self.post(self.complaint_body(), REMOTE_ADDR="10.0.0.2")
        body = self.complaint_body()
        del body["jurisdiction"]
        self.post(body, **self.auth(self.app_key))
        self.assertEqual(Complaint.objects.count(), 3)

    def test_a_failed_create_stores_nothing_so_the_retry_can_succeed(self):
        bad = self.post(self.complaint_body(reporter=None))
        self.assertEqual(bad.status_code, 422)
        self.assertFalse(IdempotencyRecord.objects.exists())
        self.assertEqual(self.post(self.complaint_body(reporter=None, is_anonymous=True)).status_code, 201)

    def test_an_expired_key_may_be_used_again(self):
        from datetime import timedelta

        self.post(self.complaint_body())
        IdempotencyRecord.objects.update(created_at=Complaint.objects.get().created_at - timedelta(days=2))
        self.assertEqual(self.post(self.complaint_body(title="Baru")).status_code, 201)
        self.assertEqual(Complaint.objects.count(), 2)

    def test_the_hourly_purge_forgets_old_responses_even_of_silent_clients(self):
        """Stored responses carry the reporter's secret: none may outlive the retry window."""
        from datetime import timedelta

        from django.utils import timezone

        from sigap.api.idempotency import idempotency_purge

        self.post(self.complaint_body())
        self.assertEqual(idempotency_purge(now=timezone.now() + timedelta(hours=23)), 0)
        self.assertEqual(idempotency_purge(now=timezone.now() + timedelta(hours=25)), 1)
        self.assertFalse(IdempotencyRecord.objects.exists())
        self.assertEqual(Complaint.objects.count(), 1)

    def test_an_expired_record_is_taken_over_by_its_key_with_a_new_window(self):
        from datetime import timedelta

        self.post(self.complaint_body())
        old = IdempotencyRecord.objects.get()
        IdempotencyRecord.objects.update(created_at=old.created_at - timedelta(days=2))
        response = self.post(self.complaint_body(title="Baru"))
        self.assertEqual(response.status_code, 201)
        record = IdempotencyRecord.objects.get()
        self.assertEqual(record.complaint.tracking_code, response.json()["tracking_code"])
        self.assertGreaterEqual(record.created_at, old.created_at)
        self.assertNotEqual(record.request_hash, old.request_hash)
        replay = self.post(self.complaint_body(title="Baru"))
        self.assertEqual(replay.json()["tracking_code"], response.json()["tracking_code"])
        self.assertEqual(self.post(self.complaint_body()).status_code, 422)

    def test_a_request_deletes_no_other_expired_record_and_the_hourly_job_does(self):
        from datetime import timedelta

        from django.utils import timezone

        from sigap.api.tasks import purge_idempotency_records

        self.post(self.complaint_body(), key="lama")
        IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(days=2))
        self.post(self.complaint_body(title="Baru"), key="baru")
        self.assertEqual(IdempotencyRecord.objects.count(), 2)
        purge_idempotency_records.call_local()
        self.assertEqual(list(IdempotencyRecord.objects.values_list("key", flat=True)), ["baru"])
        self.assertEqual(Complaint.objects.count(), 2)

    def test_an_overlong_key_is_a_field_error(self):
        data = self.assert_error_shape(self.post(self.complaint_body(), key="x" * 201), 422)
        self.assertIn("Idempotency-Key", data["fields"])


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_creates_with_one_key_file_one_complaint(live_server):
    """Both requests overlap inside the create transaction; the unique index makes the second wait and replay."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database that runs the two requests concurrently")
    people = SimpleNamespace()
    Personas.build(people)
    _k, raw = apikey_create(name="App", jurisdiction=people.city, scopes=[Scope.COMPLAINTS_CREATE], actor=None)
    from sigap.complaints import services

    real_submit = services.complaint_submit
    inside = threading.Event()

    def slow_submit(**kwargs):
        result = real_submit(**kwargs)
        inside.set()
        # Hold the transaction open so the second request arrives while the first is uncommitted.
        threading.Event().wait(0.8)
        return result

    body = {
        "category": "jalan",
        "title": "Jembatan retak",
        "description": "Jembatan kecil di Kali Gembong retak di tengah, berbahaya untuk motor.",
        "is_anonymous": True,
    }
    headers = {"Authorization": f"Bearer {raw}", "Idempotency-Key": "sama-1"}
    results: list[requests.Response] = []

    def send():
        results.append(requests.post(f"{live_server.url}/api/v1/complaints", json=body, headers=headers, timeout=30))

    with mock.patch("sigap.api.routers.complaints.complaint_submit", side_effect=slow_submit):
        first = threading.Thread(target=send)
        first.start()
        assert inside.wait(10)
        second = threading.Thread(target=send)
        second.start()
        first.join()
        second.join()
    assert [r.status_code for r in results] == [201, 201], [r.text for r in results]
    assert results[0].json()["tracking_code"] == results[1].json()["tracking_code"]
    assert Complaint.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
