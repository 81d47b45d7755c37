from __future__ import annotations

from django.db import DatabaseError, connection, transaction

from sigap.audit.models import AuditEntry
from sigap.complaints.models import ComplaintEvent
from sigap.test import BaseTestCase


class AppendOnlyTest(BaseTestCase):
    def test_the_database_refuses_to_rewrite_a_case_event(self):
        complaint, _ = self.submit()
        with self.assertRaises(DatabaseError), transaction.atomic():
            ComplaintEvent.objects.filter(complaint=complaint).update(body="rewritten")
        self.assertEqual(complaint.events.get().body, "")

    def test_the_database_refuses_to_rewrite_an_audit_entry(self):
        entry = AuditEntry.objects.filter(action="role.grant").first()
        assert entry is not None
        with self.assertRaises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(summary="nothing happened")

    def test_postgresql_also_refuses_deletes(self):
        if connection.vendor != "postgresql":
            self.skipTest("SQLite relies on PROTECT for deletes (see sigap/audit/append_only.py)")
        with self.assertRaises(DatabaseError), transaction.atomic():
            AuditEntry.objects.all().delete()

    def test_role_changes_are_audited(self):
        entry = AuditEntry.objects.filter(action="role.grant", object_id__isnull=False).order_by("id").first()
        assert entry is not None
        self.assertEqual(entry.jurisdiction_id, self.city.pk)
        self.assertEqual(entry.changes["role"], [None, "complaint_admin"])
