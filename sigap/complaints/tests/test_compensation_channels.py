"""Compensation (ganti rugi) through the REST API, Open311 and the exports.

UU 25/2009 Pasal 42 ayat (4): the reporter may claim compensation in the complaint, whatever way it is sent;
Pasal 50 ayat (3): the decision states the amount and the payment deadline — the API's answer carries it too.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

from sigap.api.tests.base import ApiTestCase
from sigap.complaints.compensation import Decision
from sigap.complaints.models import CompensationClaim, Complaint
from sigap.complaints.services import compensation_payment_record, complaint_transition
from sigap.complaints.workflow import Action, Actor
from sigap.exports.models import Export
from sigap.exports.services import export_request
from sigap.open311.tests.base import Open311TestCase
from sigap.test import BaseTestCase

GROUNDS = "Velg motor bengkok karena lubang tanpa tanda; ongkos bengkel Rp 750.000."


class ApiCompensationTest(ApiTestCase):
    def test_a_claim_is_filed_decided_and_read_through_the_api(self):
        body = self.complaint_body(compensation={"amount": 750_000, "grounds": GROUNDS})
        response = self.api_post("/complaints", body)
        self.assertEqual(response.status_code, 201, response.content)
        case = Complaint.objects.get(tracking_code=response.json()["tracking_code"])
        self.assertEqual(CompensationClaim.objects.get(complaint=case).amount_claimed, 750_000)

        self.advance(case, Action.VERIFY, Action.DISPATCH, Action.ACCEPT)
        path = f"/complaints/{case.tracking_code}/transitions"
        refused = self.api_post(path, {"action": "answer", "text": "Sudah ditambal."}, self.petugas_key)
        self.assert_error_shape(refused, 409)
        decision = {
            "outcome": "partly",
            "amount": 500_000,
            "reason": "Kuitansi Rp 500.000.",
            "payment_due": "2099-01-04",
        }
        answered = self.api_post(
            path, {"action": "answer", "text": "Sudah ditambal.", "compensation": decision}, self.petugas_key
        )
        self.assertEqual(answered.status_code, 200, answered.content)
        out = answered.json()["compensation"]
        self.assertEqual(
            (out["amount_claimed"], out["outcome"], out["amount_granted"], out["payment_due"]),
            (750_000, "partly", 500_000, "2099-01-04"),
        )

    def test_a_claim_without_the_loss_described_is_refused(self):
        response = self.api_post("/complaints", self.complaint_body(compensation={"amount": 750_000, "grounds": ""}))
        self.assert_error_shape(response, 422)
        self.assertFalse(Complaint.objects.exists())

    def test_an_aspiration_cannot_claim(self):
        body = self.complaint_body(kind="aspirasi", compensation={"amount": 1000, "grounds": GROUNDS})
        self.assert_error_shape(self.api_post("/complaints", body), 422)

    def test_the_schema_documents_the_claim_and_the_decision(self):
        schema = self.client.get("/api/v1/openapi.json").json()["components"]["schemas"]
        self.assertIn("compensation", schema["ComplaintCreateIn"]["properties"])
        self.assertIn("compensation", schema["TransitionIn"]["properties"])
        self.assertEqual(
            set(schema["CompensationDecisionIn"]["properties"]), {"outcome", "amount", "reason", "payment_due"}
        )


class Open311CompensationTest(Open311TestCase):
    def test_the_claim_is_a_documented_attribute(self):
        form = self.request_form(
            **{"attribute[compensation_amount]": "750000", "attribute[compensation_grounds]": GROUNDS}
        )
        response = self.post311("requests", "json", form)
        self.assertEqual(response.status_code, 200, response.content)
        claim = CompensationClaim.objects.get()
        self.assertEqual((claim.amount_claimed, claim.grounds, claim.complaint.channel), (750_000, GROUNDS, "open311"))

    def test_a_bad_amount_or_a_missing_loss_is_a_400(self):
        for attributes in (
            {"attribute[compensation_amount]": "tujuh ratus", "attribute[compensation_grounds]": GROUNDS},
            {"attribute[compensation_amount]": "750000"},
        ):
            with self.subTest(attributes):
                response = self.post311("requests", "json", self.request_form(**attributes))
                self.assertEqual(response.status_code, 400, response.content)
        self.assertFalse(Complaint.objects.exists())


class ExportCompensationTest(BaseTestCase):
    def setUp(self):
        case, _ = self.submit(compensation_amount=750_000, compensation_grounds=GROUNDS + " Budi Santoso")
        self.advance(case, Action.VERIFY, Action.DISPATCH, Action.ACCEPT)
        self.case = complaint_transition(
            complaint=case, action=Action.ANSWER, actor=self.petugas_a, acting_as=Actor.OPD, text="Sudah ditambal.",
            compensation=Decision(outcome="granted", payment_due=date(2099, 1, 4)),
        )  # fmt: skip
        compensation_payment_record(
            complaint=self.case, actor=self.admin, acting_as="complaint_admin", amount=750_000, paid_on=date.today()
        )

    def run_export(self, user, kind, params):  # type: ignore[no-untyped-def]
        with self.captureOnCommitCallbacks(execute=True):
            export = export_request(user=user, kind=kind, params=params)
        export.refresh_from_db()
        with export.file.open("rb") as f:
            return f.read()

    def test_the_inbox_csv_has_the_claim_decision_and_payment(self):
        content = self.run_export(self.admin, Export.Kind.CSV, {"status": ""}).decode("utf-8-sig")
        head, row = list(csv.reader(io.StringIO(content)))[:2]
        cells = dict(zip(head, row, strict=True))
        self.assertEqual(cells["Ganti rugi yang dituntut (Rp)"], "750000")
        self.assertEqual(cells["Keputusan ganti rugi"], "Dikabulkan seluruhnya")
        self.assertEqual(cells["Ganti rugi dibayar (Rp)"], "750000")
        self.assertEqual(cells["Batas pembayaran ganti rugi"], "2099-01-04")

    def test_the_ombudsman_package_carries_it_without_the_reporters_name(self):
        month = self.case.created_at.astimezone(self.city.zone).strftime("%Y-%m")
        archive = zipfile.ZipFile(
            io.BytesIO(
                self.run_export(
                    self.ombudsman, Export.Kind.OMBUDSMAN, {"jurisdiction_id": self.city.pk, "month": month}
                )
            )
        )
        record = json.loads(archive.read("complaints.json"))[0]
        self.assertEqual(
            (record["compensation_claimed"], record["compensation_outcome"], record["compensation_granted"]),
            (750_000, "granted", 750_000),
        )
        self.assertEqual((record["compensation_payment_due"], record["compensation_paid"]), ("2099-01-04", 750_000))
        self.assertIn("[pelapor]", record["compensation_grounds"])
        self.assertNotIn("Budi Santoso", archive.read("complaints.csv").decode())
        events = json.loads(archive.read("events.json"))
        self.assertIn("compensation", {e["kind"] for e in events})
