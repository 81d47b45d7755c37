"""The sweep moves cases through the workflow's own transition: same writes, same followers."""

from __future__ import annotations

import sqlite3

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from sigap.complaints.models import Complaint
from sigap.complaints.services import complaint_transition
from sigap.complaints.workflow import Action, Actor, ArchiveReason, Status
from sigap.escalation.sweep import sweep
from sigap.escalation.tests.test_sweep import SweepTestCase, wib
from sigap.notifications.models import Kind, Notification
from sigap.search.consistency import disagreements

# What differs between two cases by nature, not by how they were moved.
OWN = {"id", "tracking_code", "secret_hash", "created_at"}


def fields(case: Complaint) -> dict[str, object]:
    return {f.attname: getattr(case, f.attname) for f in Complaint._meta.concrete_fields if f.attname not in OWN}


class SameAsByHandTest(SweepTestCase):
    step_of = {Action.AUTO_CLOSE: "auto_closed", Action.ARCHIVE: "auto_archived"}

    def assert_same_writes(self, action: Action, *steps: Action, text: str = "", **kwargs) -> None:
        at, then = wib(2026, 6, 1, 10), wib(2026, 8, 3, 9)
        by_sweep = self.case(*steps, at=at)
        by_hand = self.case(*steps, at=at)
        complaint_transition(
            complaint=by_hand, action=action, actor=None, acting_as=Actor.SYSTEM, text=text, now=then, **kwargs
        )
        self.assertEqual(sweep(now=then).counts[self.step_of[action]], 1)
        by_sweep.refresh_from_db()
        by_hand.refresh_from_db()
        self.assertEqual(fields(by_sweep), fields(by_hand))
        swept, handled = (c.events.order_by("-id").first() for c in (by_sweep, by_hand))
        columns = ("at", "kind", "action", "actor_id", "actor_role", "from_status", "to_status", "body", "is_public")
        self.assertEqual([getattr(swept, c) for c in columns], [getattr(handled, c) for c in columns])
        self.assertEqual(swept.data, handled.data)
        self.assertEqual(
            sorted(Notification.objects.filter(event=swept).values_list("kind", "channel", "recipient")),
            sorted(Notification.objects.filter(event=handled).values_list("kind", "channel", "recipient")),
        )

    def test_an_auto_close_by_the_sweep_writes_what_the_transition_by_hand_writes(self):
        self.assert_same_writes(Action.AUTO_CLOSE, Action.VERIFY, Action.DISPATCH, Action.ANSWER)

    def test_an_auto_archive_by_the_sweep_writes_what_the_transition_by_hand_writes(self):
        self.assert_same_writes(
            Action.ARCHIVE,
            Action.REQUEST_INFO,
            text="Laporan tidak dilengkapi dalam batas waktu sehingga dianggap ditarik kembali.",
            archive_reason=ArchiveReason.NEVER_COMPLETED,
        )


class SearchAgreesTest(SweepTestCase):
    def test_the_search_documents_agree_with_the_complaints_after_a_sweep(self):
        answered = self.case(Action.VERIFY, Action.DISPATCH, Action.ANSWER, at=wib(2026, 3, 9, 10))
        incomplete = self.case(Action.REQUEST_INFO, at=wib(2026, 3, 9, 10))
        self.case(Action.VERIFY, Action.DISPATCH, at=wib(2026, 3, 9, 10))
        self.assertEqual(list(disagreements()), [])
        sweep(now=wib(2026, 5, 1))
        answered.refresh_from_db()
        incomplete.refresh_from_db()
        self.assertEqual((answered.status, incomplete.status), (Status.CLOSED, Status.ARCHIVED))
        self.assertEqual(list(disagreements()), [])
        call_command("check_consistency", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def test_check_consistency_reports_a_document_that_disagrees(self):
        complaint = self.case(at=wib(2026, 3, 9, 10))
        Complaint.objects.filter(pk=complaint.pk).update(title="Judul lain sama sekali", status=Status.VERIFIED)
        self.assertEqual([(d.key, d.problem) for d in disagreements()], [(complaint.pk, "differs")])
        with self.assertRaises(CommandError):
            call_command("check_consistency", stdout=open("/dev/null", "w"))  # noqa: SIM115


class ManyCasesTest(SweepTestCase):
    def test_a_sweep_touching_more_cases_than_sqlite_allows_parameters_finishes(self):
        """The staff mail is planned from what each batch returned, never from one IN list of every case."""
        if connection.vendor != "sqlite":
            self.skipTest("SQLite's limit on query parameters")
        template = self.case(Action.VERIFY, Action.DISPATCH, at=wib(2026, 6, 8, 9))
        copies = []
        for n in range(1200):
            copy = Complaint.objects.get(pk=template.pk)
            copy.pk = None
            copy.tracking_code = f"T{n:011d}"
            copies.append(copy)
        Complaint.objects.bulk_create(copies)
        connection.ensure_connection()
        raw = connection.connection
        before = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)  # as a build with the old default
        try:
            run = sweep(now=wib(2026, 6, 16, 8), batch_size=300)
        finally:
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)
        self.assertEqual(run.counts["escalated_1"], 1201)
        totals = {row.recipient: row.context["total"] for row in Notification.objects.filter(kind=Kind.ESCALATION)}
        self.assertEqual(totals, {"kepala_a@contoh.go.id": 1201})
