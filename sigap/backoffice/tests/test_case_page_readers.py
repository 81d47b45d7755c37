"""On the case page every text box says who reads it; what staff write for each other stays internal.

The administrator's dispatch note ("Mohon Dishub koordinasi dengan DPUPR") is for staff: the box a
step opens with is internal, and what is written there never reaches the reporter's timeline.
"""

from __future__ import annotations

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sigap.complaints.models import Attachment, ComplaintEvent
from sigap.complaints.services import complaint_add_attachments
from sigap.complaints.uploads import clean_upload
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
        self.assertEqual(re.findall(r'data-next-action="(\w+)"', html), ["verify_dispatch"])
        self.assertIn('data-action-card="archive"', html)  # folded in a <details>
        self.assertIn('data-action-card="verify"', html)  # verifying alone is folded too
        dispatched = self.advance(new, Action.VERIFY, Action.DISPATCH)
        self.client.force_login(self.petugas_a)
        html = self.client.get(reverse("backoffice:case", args=[dispatched.tracking_code])).content.decode()
        self.assertEqual(re.findall(r'data-next-action="(\w+)"', html), ["accept"])
        self.assertIn('data-action-card="return"', html)
        response = self.client.post(
            reverse("backoffice:transition", args=[dispatched.tracking_code, "accept"]), follow=True
        )
        self.assertContains(response, "Anda menerima pengaduan")
        # Accepted: answering is next, the rest folded.
        self.assertEqual(re.findall(r'data-next-action="(\w+)"', response.content.decode()), ["answer"])

    def test_a_new_case_is_verified_and_dispatched_in_one_step_to_the_suggested_opd(self):
        new, _ = self.submit()  # the category "roads" is handled by OPD A: that OPD is preselected
        self.client.force_login(self.admin)
        html = self.client.get(reverse("backoffice:case", args=[new.tracking_code])).content.decode()
        card = html[html.index('data-next-action="verify_dispatch"') :]
        card = card[: card.index("</section>")]
        self.assertIn("Verifikasi dan disposisikan ke OPD", card)
        self.assertRegex(card, rf'<option value="{self.opd_a.pk}" selected>')
        self.assertIn(f'action="/staf/kasus/{new.tracking_code}/aksi/verify_dispatch/"', card)
        response = self.client.post(
            reverse("backoffice:transition", args=[new.tracking_code, "verify_dispatch"]),
            {"opd": self.opd_b.pk, "note": INTERNAL_NOTE},
            follow=True,
        )
        self.assertContains(response, "Pengaduan terverifikasi dan didisposisikan ke OPD")
        new.refresh_from_db()
        self.assertEqual((new.status, new.opd), ("dispatched", self.opd_b))
        steps = list(new.events.filter(kind="transition").values_list("action", flat=True))
        self.assertEqual(steps, ["verify", "dispatch"])

    def test_verify_and_dispatch_without_an_opd_changes_nothing(self):
        new, _ = self.submit()
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("backoffice:transition", args=[new.tracking_code, "verify_dispatch"]), {"opd": ""}, follow=True
        )
        self.assertContains(response, "Pilih OPD")
        new.refresh_from_db()
        self.assertEqual(new.status, "received")


def picture(name: str, size: tuple[int, int] = (1200, 900)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, "orange").save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def entry_with(html: str, text: str) -> str:
    """The timeline entry (<li class="timeline-item">) whose text contains `text`."""
    for item in re.findall(r'<li class="timeline-item[^"]*">(.*?)\n  </li>', html, re.S):
        if text in item:
            return item
    raise AssertionError(f"no timeline entry says {text!r}")


class AttachmentsInTheirEntryTests(BaseTestCase):
    """A file is shown where it came in: in the message or step that brought it, as a thumbnail, with who added it."""

    def setUp(self) -> None:
        self.case, self.secret = self.submit()
        self.case = self.advance(self.case, Action.VERIFY, Action.DISPATCH)
        self.reporter = self.client_class()
        self.reporter.post(reverse("portal:track"), {"code": self.case.tracking_code, "secret": self.secret})
        self.reporter.post(
            reverse("portal:reply", args=[self.case.tracking_code]),
            {"text": "Ini foto lubangnya dari dekat.", "attachments": [picture("lubang.jpg")]},
        )
        self.client.force_login(self.petugas_a)
        self.client.post(
            reverse("backoffice:transition", args=[self.case.tracking_code, "answer"]),
            {"text": "Lubang sudah ditambal, lihat fotonya.", "attachments": [picture("tambal.jpg", (640, 1280))]},
        )
        complaint_add_attachments(
            complaint=self.case,
            files=[clean_upload(picture("bukti-internal.jpg"))],
            actor=self.petugas_a,
            acting_as="opd",
            internal=True,
        )
        self.staff_page = self.client.get(reverse("backoffice:case", args=[self.case.tracking_code])).content.decode()
        self.reporter_page = self.reporter.get(reverse("portal:case", args=[self.case.tracking_code])).content.decode()

    def attachment(self, name: str) -> Attachment:
        return Attachment.objects.get(complaint=self.case, original_name=name)

    def test_staff_see_each_file_in_the_entry_that_brought_it_with_who_added_it(self):
        code = self.case.tracking_code
        message = entry_with(self.staff_page, "Ini foto lubangnya dari dekat.")
        photo = self.attachment("lubang.jpg")
        self.assertIn(f'src="/staf/kasus/{code}/lampiran/{photo.pk}/?thumb=1"', message)
        self.assertIn("Ditambahkan oleh Pelapor", message)
        answer = entry_with(self.staff_page, "Lubang sudah ditambal")
        self.assertIn(f"/lampiran/{self.attachment('tambal.jpg').pk}/?thumb=1", answer)
        self.assertIn(f"Ditambahkan oleh {self.petugas_a}", answer)
        self.assertNotIn("lubang.jpg", answer)
        internal = entry_with(self.staff_page, "bukti-internal.jpg")
        self.assertIn("internal", internal)

    def test_the_reporter_sees_the_public_files_in_their_entries_and_never_the_internal_one(self):
        code = self.case.tracking_code
        message = entry_with(self.reporter_page, "Ini foto lubangnya dari dekat.")
        self.assertIn(f'src="/lacak/{code}/lampiran/{self.attachment("lubang.jpg").pk}/?thumb=1"', message)
        self.assertIn("Ditambahkan oleh Anda", message)
        answer = entry_with(self.reporter_page, "Lubang sudah ditambal")
        self.assertIn(f'/lampiran/{self.attachment("tambal.jpg").pk}/?thumb=1"', answer)
        self.assertIn("Ditambahkan oleh OPD", answer)
        self.assertNotIn(str(self.petugas_a), self.reporter_page)  # staff are named by role, not by name
        self.assertNotIn("bukti-internal", self.reporter_page)

    def test_thumbnails_are_small_re_encoded_images_behind_the_same_access_checks(self):
        code = self.case.tracking_code
        tall = self.attachment("tambal.jpg")
        for client, url in (
            (self.client, reverse("backoffice:attachment", args=[code, tall.pk])),
            (self.reporter, reverse("portal:attachment", args=[code, tall.pk])),
        ):
            response = client.get(url + "?thumb=1")
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(response["Content-Type"], "image/jpeg")
            thumb = Image.open(io.BytesIO(response.content))
            self.assertEqual(thumb.size, (160, 320))  # the 640×1280 photo, fitted in 320×320
            self.assertLess(len(response.content), tall.size)
        internal = self.attachment("bukti-internal.jpg")
        self.assertEqual(
            self.reporter.get(reverse("portal:attachment", args=[code, internal.pk]) + "?thumb=1").status_code, 404
        )
        stranger = self.client_class()
        self.assertNotEqual(
            stranger.get(reverse("portal:attachment", args=[code, tall.pk]) + "?thumb=1").status_code, 200
        )
        other = self.client_class()
        other.force_login(self.petugas_b)  # another OPD's officer does not see this case
        self.assertIn(
            other.get(reverse("backoffice:attachment", args=[code, tall.pk]) + "?thumb=1").status_code, (403, 404)
        )
