"""The process cache of reference data: one token read per request, a new token on every change."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import update_last_login
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.dispatch import Signal
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sigap.apikeys.models import ApiKey
from sigap.apikeys.scopes import Scope
from sigap.apikeys.services import apikey_create, apikey_touch
from sigap.organisations.models import Category
from sigap.sla.models import HolidayOverride
from sigap.test import BaseTestCase
from sigap.web.models import RateCounter, ReferenceVersion
from sigap.web.reference_cache import cached, current_token, read_along
from sigap.web.replicas import _reading_replica


def _send_keeping_connection(signal: Signal) -> None:
    # As the test client does: without closing the test's database connection.
    signal.disconnect(close_old_connections)
    try:
        signal.send(sender=CacheTest)
    finally:
        signal.connect(close_old_connections)


def start_request() -> None:
    _send_keeping_connection(request_started)


def end_request() -> None:
    _send_keeping_connection(request_finished)


def token() -> int:
    return ReferenceVersion.objects.get().token


class TokenTest(BaseTestCase):
    def test_a_change_to_a_watched_table_gives_a_new_token_whoever_makes_it(self):
        before = token()
        Category.objects.filter(pk=self.roads.pk).update(name="Jalan dan jembatan")
        self.assertNotEqual(token(), before)
        before = token()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sla_holidayoverride")
            cursor.execute(
                "INSERT INTO sla_holidayoverride (date, name, action, decree, is_cuti_bersama, updated_at) "
                "VALUES (%s, 'Libur', 'add', '', %s, %s)",
                [date(2026, 12, 1), False, timezone.now()],
            )
        self.assertNotEqual(token(), before)

    def test_stamping_a_key_s_use_or_a_sign_in_keeps_the_token(self):
        key, _raw = apikey_create(
            name="App", jurisdiction=self.city, scopes=[Scope.COMPLAINTS_CREATE], actor=self.sysadmin
        )
        before = token()
        apikey_touch(key=key)
        update_last_login(None, self.admin)
        self.assertEqual(token(), before)
        ApiKey.objects.filter(pk=key.pk).update(revoked_at=timezone.now())
        self.assertNotEqual(token(), before)


class CacheTest(BaseTestCase):
    # Each test caches under its own name: what one test cached stays in the process for the next.
    def setUp(self) -> None:
        self.loads = 0

    def load(self) -> int:
        self.loads += 1
        return self.loads

    def tearDown(self) -> None:
        end_request()

    def test_within_a_request_the_token_is_read_once(self):
        start_request()
        with CaptureQueriesContext(connection) as captured:
            current_token()
            cached(self.id(), 1, self.load)
            cached(self.id(), 1, self.load)
        self.assertEqual(len(captured), 1)
        self.assertEqual(self.loads, 1)

    def test_a_request_s_first_question_brings_the_token_along(self):
        RateCounter.objects.create(bucket="rl:test:1", count=7, expires_at=2**40)
        now = token()
        start_request()
        question = "SELECT count FROM web_ratecounter WHERE bucket = %s"
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(read_along("default", question, ["rl:test:1"]), 7)
            self.assertEqual(current_token(), now)
            cached(self.id(), 1, self.load)
        self.assertEqual(len(captured), 1)
        # The token is read once per request: a second question goes alone, and a missing row is None.
        with CaptureQueriesContext(connection) as captured:
            self.assertIsNone(read_along("default", question, ["rl:test:none"]))
        self.assertEqual(len(captured), 1)
        self.assertNotIn("web_referenceversion", captured[0]["sql"])

    def test_a_request_s_first_question_sees_a_change_made_elsewhere(self):
        start_request()
        self.assertEqual(cached(self.id(), 1, self.load), 1)
        end_request()
        Category.objects.filter(pk=self.roads.pk).update(is_active=False)
        start_request()
        self.assertIsNone(read_along("default", "SELECT count FROM web_ratecounter WHERE bucket = %s", ["rl:x"]))
        self.assertEqual(cached(self.id(), 1, self.load), 2)

    def test_outside_a_request_every_lookup_reads_the_token(self):
        cached(self.id(), 1, self.load)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(cached(self.id(), 1, self.load), 1)
        self.assertEqual(len(captured), 1)

    def test_a_change_saved_by_the_request_itself_is_seen_by_its_next_lookup(self):
        start_request()
        self.assertEqual(cached(self.id(), 1, self.load), 1)
        HolidayOverride.objects.create(date=date(2026, 12, 1), name="Libur tambahan")
        self.assertEqual(cached(self.id(), 1, self.load), 2)

    def test_the_next_request_sees_a_change_made_elsewhere(self):
        start_request()
        self.assertEqual(cached(self.id(), 1, self.load), 1)
        end_request()
        Category.objects.filter(pk=self.roads.pk).update(is_active=False)
        start_request()
        self.assertEqual(cached(self.id(), 1, self.load), 2)

    def test_without_a_token_nothing_is_kept(self):
        ReferenceVersion.objects.all().delete()
        cached(self.id(), 1, self.load)
        cached(self.id(), 1, self.load)
        self.assertEqual(self.loads, 2)

    def test_what_a_request_reads_from_a_replica_is_not_kept(self):
        # The replica may lag behind the primary's token: rows read there must not be kept as current.
        reading = _reading_replica.set(True)
        try:
            cached(self.id(), 1, self.load)
        finally:
            _reading_replica.reset(reading)
        self.assertEqual(cached(self.id(), 1, self.load), 2)
        self.assertEqual(cached(self.id(), 1, self.load), 2)
