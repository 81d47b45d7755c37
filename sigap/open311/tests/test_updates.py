"""FixMyStreet's servicerequestupdates: the public status feed, and comments posted with an idempotent update_id."""

from __future__ import annotations

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.workflow import Action
from sigap.open311.tests.base import FORMATS, Open311TestCase


class UpdatesFeedTest(Open311TestCase):
    def test_public_status_changes_are_listed_with_extended_statuses(self):
        case, _ = self.submit()
        self.advance(case, Action.VERIFY, Action.DISPATCH, Action.ACCEPT)
        hidden, _ = self.submit(is_confidential=True)
        self.advance(hidden, Action.VERIFY)
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                data = self.parsed(
                    self.get311("servicerequestupdates", fmt), fmt, schema_name="service_request_updates"
                )
                if fmt == "json":
                    self.assertEqual([u["status"] for u in data], ["INVESTIGATING", "ACTION_SCHEDULED", "IN_PROGRESS"])
                    self.assertEqual({u["service_request_id"] for u in data}, {case.tracking_code})
                    self.assertEqual(data[-1]["external_status_code"], "in_followup")
                else:
                    self.assertEqual(data.tag, "service_request_updates")
                    self.assertEqual(len(data.findall("request_update")), 3)

    def test_staff_free_text_is_not_published(self):
        case, _ = self.submit()
        self.advance(
            case, Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, text="Bapak Budi, sudah kami tambal"
        )
        self.assertNotIn("Bapak Budi", self.get311("servicerequestupdates", "json").content.decode())

    def test_bad_dates_are_400(self):
        for fmt in FORMATS:
            self.errors(self.get311("servicerequestupdates", fmt, start_date="x"), fmt, 400)


class PostUpdateTest(Open311TestCase):
    def setUp(self):
        response = self.post311("requests", "json", self.request_form())
        self.code = response.json()[0]["service_request_id"]

    def update_form(self, **overrides):
        form = {
            "api_key": self.app_key,
            "jurisdiction_id": "contoh.go.id",
            "service_request_id": self.code,
            "update_id": "fms-comment-1",
            "updated_datetime": "2026-11-20T10:00:00+07:00",
            "status": "OPEN",
            "description": "Lubangnya makin lebar setelah hujan semalam.",
            "first_name": "Tono",
            "last_name": "-",
        }
        form.update(overrides)
        return {k: v for k, v in form.items() if v is not None}

    def test_a_comment_becomes_a_message_on_the_case(self):
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                form = self.update_form(update_id=f"c-{fmt}")
                response = self.post311("servicerequestupdates", fmt, form)
                self.assertEqual(response.status_code, 200, response.content)
                data = self.parsed(response, fmt, schema_name="update_post_response")
                our_id = data[0]["update_id"] if fmt == "json" else data.findtext("request_update/update_id")
                event = ComplaintEvent.objects.get(pk=our_id)
                self.assertEqual(event.kind, ComplaintEvent.Kind.REPLY)
                self.assertIn("makin lebar", event.body)
                self.assertNotIn("Tono", event.body)

    def test_the_same_update_id_is_recorded_once(self):
        first = self.post311("servicerequestupdates", "json", self.update_form()).json()
        second = self.post311("servicerequestupdates", "xml", self.update_form())
        self.assertIn(first[0]["update_id"], second.content.decode())
        self.assertEqual(ComplaintEvent.objects.filter(kind=ComplaintEvent.Kind.REPLY).count(), 1)

    def test_reusing_an_update_id_for_other_text_is_400(self):
        self.post311("servicerequestupdates", "json", self.update_form())
        errors = self.errors(
            self.post311("servicerequestupdates", "json", self.update_form(description="Lain")), "json", 400
        )
        self.assertIn("fms-comment-1", errors[0])

    def test_each_missing_field_is_named(self):
        form = self.update_form(update_id=None, status=None, description=None)
        for fmt in FORMATS:
            errors = self.errors(self.post311("servicerequestupdates", fmt, form), fmt, 400)
            self.assertEqual(len(errors), 3)

    def test_key_problems_are_403(self):
        for key in (None, "sgp_nope-nope-nope-nope-nope-nope", self.inspektur_key):
            self.errors(self.post311("servicerequestupdates", "json", self.update_form(api_key=key)), "json", 403)

    def test_an_unknown_status_is_400(self):
        self.errors(self.post311("servicerequestupdates", "json", self.update_form(status="MELAYANG")), "json", 400)

    def test_a_client_cannot_comment_on_requests_it_did_not_file(self):
        web_case, _ = self.submit()
        form = self.update_form(service_request_id=web_case.tracking_code)
        self.errors(self.post311("servicerequestupdates", "json", form), "json", 404)

    def test_a_finished_case_takes_no_more_comments(self):
        case = Complaint.objects.get(tracking_code=self.code)
        self.advance(case, Action.ARCHIVE, archive_reason="duplicate")
        self.errors(self.post311("servicerequestupdates", "json", self.update_form()), "json", 400)
