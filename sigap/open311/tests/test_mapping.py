from __future__ import annotations

from django.test import SimpleTestCase

from sigap.complaints.workflow import TERMINAL, Status
from sigap.open311.mapping import EXTENDED_STATUS, EXTENDED_STATUSES, open_or_closed


class StatusMappingTest(SimpleTestCase):
    def test_every_status_has_an_open311_and_a_fixmystreet_name(self):
        """A new status must be mapped here too (CONTRIBUTING: How to add a status)."""
        self.assertEqual(set(EXTENDED_STATUS), set(Status))
        self.assertTrue(set(EXTENDED_STATUS.values()) <= EXTENDED_STATUSES)

    def test_terminal_statuses_are_closed_and_the_rest_open(self):
        for status in Status:
            with self.subTest(status=status):
                self.assertEqual(open_or_closed(status), "closed" if status in TERMINAL else "open")
