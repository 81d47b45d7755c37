"""What one API intake costs the database, and that what it keeps in the process is never stale.

Reference data (the key, the category, time limits, holidays) is kept by each app-server process;
the changes below are made with `update()` or raw SQL, as another process (or the admin, or a data
migration) would make them, so no signal of this process tells the cache: the next request must
still see them.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sigap.accounts.models import RoleAssignment
from sigap.api.tests.base import ApiTestCase
from sigap.apikeys.models import ApiKey
from sigap.complaints.models import Complaint
from sigap.organisations.models import Category
from sigap.sla.models import Stage, TimeLimit

# Statements of one intake after the first (which reads the reference data): the check of wrong
# keys with the reference token (one statement), the rate counter, the idempotency record (claimed, or an expired one
# taken over, in one statement; the response stored), the complaint (inserted unless its code is
# taken, with no savepoint), reporter, event, search document and outbox rows (planned from the case
# as written, not read back, and with no messenger subscription to look for), and transaction
# control. This test's body also names its jurisdiction and gives an e-mail address (one outbox
# row). PostgreSQL writes the search document in one statement, SQLite's full-text table takes four.
# bench/intake_profile.py counts 10 (REST) and 11 (Open311) on PostgreSQL for its bodies
# (docs/benchmarks.md).
REST_CREATE_STATEMENTS = {"postgresql": 12, "sqlite": 15}
OPEN311_CREATE_STATEMENTS = {"postgresql": 11, "sqlite": 14}


class IntakeStatementsTest(ApiTestCase):
    def open311_form(self, n: int) -> dict[str, str]:
        return {
            "service_code": "jalan",
            "description": f"Lampu jalan nomor {n} di Jl. Pahlawan mati sejak seminggu.",
            "first_name": "Rina",
            "phone": "081200000001",
            "lat": "-7.64",
            "long": "112.9",
        }

    def test_a_rest_create_runs_at_most_its_statements_once_the_reference_data_is_read(self):
        self.assertEqual(self.api_post("/complaints", self.complaint_body(), self.app_key).status_code, 201)
        with CaptureQueriesContext(connection) as captured:
            response = self.api_post("/complaints", self.complaint_body(title="Kedua"), self.app_key)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertLessEqual(
            len(captured), REST_CREATE_STATEMENTS[connection.vendor], "\n".join(q["sql"] for q in captured)
        )

    def test_an_open311_create_runs_at_most_its_statements_once_the_reference_data_is_read(self):
        headers = {"HTTP_X_API_KEY": self.app_key}
        self.assertEqual(
            self.client.post("/open311/v2/requests.json", self.open311_form(1), **headers).status_code, 200
        )
        with CaptureQueriesContext(connection) as captured:
            response = self.client.post("/open311/v2/requests.json", self.open311_form(2), **headers)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertLessEqual(
            len(captured), OPEN311_CREATE_STATEMENTS[connection.vendor], "\n".join(q["sql"] for q in captured)
        )

    def test_an_intake_reads_back_neither_its_case_nor_any_reference_data(self):
        self.api_post("/complaints", self.complaint_body(), self.app_key)
        with CaptureQueriesContext(connection) as captured:
            self.api_post("/complaints", self.complaint_body(title="Kedua"), self.app_key)
        reads = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
        # The outbox is planned from the case as intake wrote it. Only SQLite's full-text index reads
        # the case, to copy its text (PostgreSQL's search document is one INSERT … SELECT).
        read_backs = {"postgresql": 0, "sqlite": 1}[connection.vendor]
        self.assertEqual(sum('FROM "complaints_complaint"' in sql for sql in reads), read_backs, "\n".join(reads))
        self.assertFalse([sql for sql in reads if 'FROM "api_idempotencyrecord"' in sql])
        self.assertFalse([sql for sql in reads if 'FROM "channels_messagingsubscription"' in sql])
        self.assertFalse([sql for sql in reads if 'FROM "apikeys_apikey"' in sql])
        self.assertFalse([sql for sql in reads if 'FROM "organisations_category"' in sql])


class ReferenceChangesTest(ApiTestCase):
    """Each change is made the way another process would make it, then the next request must see it."""

    def file(self, **overrides):  # type: ignore[no-untyped-def]
        return self.api_post("/complaints", self.complaint_body(**overrides), self.app_key)

    def test_a_key_revoked_elsewhere_is_refused_by_the_next_request(self):
        self.assertEqual(self.file().status_code, 201)
        ApiKey.objects.filter(name="Aplikasi Kota Contoh").update(revoked_at=timezone.now())
        self.assert_error_shape(self.file(title="Kedua"), 401, "invalid_api_key")

    def test_a_key_whose_user_was_deactivated_elsewhere_is_refused_by_the_next_request(self):
        self.assertEqual(self.api_get("/complaints", self.petugas_key).status_code, 200)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE accounts_user SET is_active = %s WHERE id = %s", [False, self.petugas_a.pk])
        self.assert_error_shape(self.api_get("/complaints", self.petugas_key), 401, "invalid_api_key")

    def test_a_role_withdrawn_elsewhere_is_gone_from_the_next_request_of_the_user_s_key(self):
        self.submit()
        self.assertEqual(len(self.api_get("/complaints", self.admin_key).json()["items"]), 1)
        RoleAssignment.objects.filter(user=self.admin).update(is_active=False)
        self.assertEqual(self.api_get("/complaints", self.admin_key).json()["items"], [])

    def test_a_category_deactivated_elsewhere_is_unknown_to_the_next_request(self):
        self.assertEqual(self.file().status_code, 201)
        Category.objects.filter(pk=self.roads.pk).update(is_active=False)
        response = self.file(title="Kedua")
        self.assert_error_shape(response, 422, "invalid")
        self.assertIn("category", response.json()["fields"])

    def test_a_holiday_added_elsewhere_moves_the_next_deadline(self):
        first = Complaint.objects.get(tracking_code=self.file().json()["tracking_code"])
        day = first.due_at.astimezone(self.city.zone).date()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO sla_holidayoverride (date, name, action, decree, is_cuti_bersama, updated_at) "
                "VALUES (%s, 'Libur mendadak', 'add', '', %s, %s)",
                [day, False, timezone.now()],
            )
        second = Complaint.objects.get(tracking_code=self.file(title="Kedua").json()["tracking_code"])
        self.assertGreater(second.due_at.astimezone(self.city.zone).date(), day)
        self.assertFalse(_is_weekend_or(second.due_at.astimezone(self.city.zone).date(), {day}))

    def test_a_time_limit_changed_elsewhere_sets_the_next_deadline(self):
        first = Complaint.objects.get(tracking_code=self.file().json()["tracking_code"])
        TimeLimit.objects.filter(jurisdiction__isnull=True, stage=Stage.VERIFICATION).update(days=30)
        second = Complaint.objects.get(tracking_code=self.file(title="Kedua").json()["tracking_code"])
        self.assertGreater(second.due_at - first.due_at, timedelta(days=20))


def _is_weekend_or(day: date, holidays: set[date]) -> bool:
    return day.weekday() >= 5 or day in holidays
