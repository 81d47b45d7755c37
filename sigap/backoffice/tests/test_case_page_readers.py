"""On the case page every text box says who reads it; what staff write for each other stays internal.

The administrator's dispatch note ("Mohon Dishub koordinasi dengan DPUPR") is for staff: the box a
step opens with is internal, and what is written there never reaches the reporter's timeline.
"""

from __future__ import annotations

import re

from django.urls import reverse

from sigap.complaints.models import ComplaintEvent
from sigap.complaints.workflow import Action
from sigap.test import BaseTestCase

INTERNAL_NOTE = "Mohon DPUPR koordinasi dengan Dishub soal rambu di lokasi."
TO_REPORTER = "Laporan Anda kami teruskan ke DPUPR."


class CasePageReadersTests(BaseTestCase):
    def setUp(self) -> None:
        self.case, self.secret = self.submit()
        self.case = self.advance(self.case, Action.VERIFY)
        self.client.force_login(self.admin)

    def reporter_page(self) -> str:
        self.client.logout()
        self.client.post(reverse("portal:track"), {"code": self.case.tracking_code, "secret": self.secret})
        page = self.client.get(reverse("portal:case", args=[self.case.tracking_code]))
        self.assertEqual(page.status_code, 200)
        return page.content.decode()

    def test_every_text_box_says_who_reads_it_and_the_first_box_of_a_step_is_internal(self):
        html = self.client.get(reverse("backoffice:case", args=[self.case.tracking_code])).content.decode()
        boxes = re.findall(r"<textarea[^>]*>", html)
        self.assertTrue(boxes)
        for box in boxes:
            described = re.search(r'aria-describedby="([^"]+)"', box)
            self.assertIsNotNone(described, f"{box} does not say who reads it")
            who = re.search(rf'id="{described.group(1)}"[^>]*>(.*?)</', html, re.S)
            self.assertIsNotNone(who, box)
        dispatch = html[html.index('data-action="dispatch"') - 6000 : html.index('data-action="dispatch"')]
        dispatch = dispatch[dispatch.rindex("<form") :]
        first = re.search(r'<textarea[^>]*name="([a-z]+)"', dispatch)
        self.assertEqual(first.group(1), "note", "the dispatch step's first box must be the internal note")

    def test_the_internal_note_of_a_step_stays_off_the_reporters_timeline(self):
        response = self.client.post(
            reverse("backoffice:transition", args=[self.case.tracking_code, "dispatch"]),
            {"opd": self.opd_a.pk, "note": INTERNAL_NOTE, "text": TO_REPORTER},
        )
        self.assertEqual(response.status_code, 302)
        note = ComplaintEvent.objects.get(complaint=self.case, kind=ComplaintEvent.Kind.NOTE)
        self.assertEqual(note.body, INTERNAL_NOTE)
        staff_page = self.client.get(reverse("backoffice:case", args=[self.case.tracking_code]))
        self.assertContains(staff_page, INTERNAL_NOTE)
        reporter = self.reporter_page()
        self.assertNotIn(INTERNAL_NOTE, reporter)
        self.assertIn(TO_REPORTER, reporter)
        self.assertIn("Dinas Pekerjaan Umum", reporter)  # the handling OPD, named on the reporter's page


class NextStepFirstTests(BaseTestCase):
    def test_the_likely_next_step_comes_first_and_open_the_others_folded(self):
        new, _ = self.submit()
        self.client.force_login(self.admin)
        html = self.client.get(reverse("backoffice:case", args=[new.tracking_code])).content.decode()
        self.assertEqual(re.findall(r'data-next-action="(\w+)"', html), ["verify"])
        self.assertIn('data-action-card="archive"', html)  # folded in a <details>
        dispatched = self.advance(new, Action.VERIFY, Action.DISPATCH)
        self.client.force_login(self.petugas_a)
        html = self.client.get(reverse("backoffice:case", args=[dispatched.tracking_code])).content.decode()
        self.assertEqual(re.findall(r'data-next-action="(\w+)"', html), ["accept"])
        self.assertIn('data-action-card="return"', html)
        response = self.client.post(
            reverse("backoffice:transition", args=[dispatched.tracking_code, "accept"]), follow=True
        )
        self.assertContains(response, "Anda menerima pengaduan")
