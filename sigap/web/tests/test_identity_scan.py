"""A confidential reporter's identity appears nowhere but in front of the complaint administrator.

The own-OPD case of the world is confidential, with identity values found nowhere
else. Every page and endpoint (REST and Open311 in JSON and XML included), search
results, every export file and every message to anyone but the reporter is read
as each persona who may not see the identity, and none of the values may appear.
An anonymous complaint stores no identity at all.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sigap.complaints.models import Complaint, ComplaintEvent, Reporter
from sigap.complaints.services import ReporterDetails
from sigap.complaints.workflow import Action
from sigap.dashboards.rollups import rollups_rebuild
from sigap.exports.models import Export
from sigap.exports.services import export_request
from sigap.notifications.models import Notification
from sigap.search.documents import documents_rebuild
from sigap.test import BaseTestCase, Client
from sigap.web.tests.access import url_patterns
from sigap.web.tests.test_permission_matrix import LITERAL, url_for
from sigap.web.tests.world import build_world

SECRET = ReporterDetails(
    name="Kusumawardhani Prameswari",
    email="kusuma.rahasia@contoh-pelapor.id",
    phone="081377715599",
    address="Gang Cempaka Wangi 41, Kelurahan Sukamaju",
)
# The ways the values may be written: as stored, and the phone as the gateways write it.
IDENTITY = [SECRET.name, SECRET.email, SECRET.phone, "6281377715599", SECRET.address, "Prameswari", "Cempaka Wangi"]


def leaks(content: bytes) -> list[str]:
    """The identity values found in `content`, read as text, inside compressed PDF streams and ZIP members."""
    texts = [content]
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            texts += [archive.read(name) for name in archive.namelist()]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            texts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    found = []
    for value in IDENTITY:
        needle = value.lower().encode()
        if any(needle in text.lower() or needle in text.lower().replace(b"\\", b"") for text in texts):
            found.append(value)
    return found


@override_settings(
    SIGAP_API_WRITES_PER_ADDRESS=100_000,
    SIGAP_API_SECRET_ATTEMPTS_PER_HOUR=100_000,
)
class ConfidentialIdentityTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_world(cls, reporter=SECRET, is_confidential=True)
        cls.case = Complaint.objects.get(tracking_code=cls.own.code)
        cls.anonymous_case, _secret = cls.submit(cls, reporter=None, is_anonymous=True, title="Lampu jalan mati")
        documents_rebuild()
        rollups_rebuild(jurisdiction=cls.city)

    def readers(self) -> dict[str, Any]:
        """Everyone who may not see the identity (the reporter and the complaint administrator may)."""
        return {
            "anonymous": None,
            "admin_lain": self.admin_lain,
            "petugas_a": self.petugas_a,
            "kepala_a": self.kepala_a,
            "petugas_b": self.petugas_b,
            "focal_a": self.focal_a,
            "inspektur": self.inspektur,
            "ombudsman": self.ombudsman,
            "kepegawaian": self.kepegawaian,
            "kepegawaian_lain": self.kepegawaian_lain,
            "sysadmin": self.sysadmin,
        }

    def client_as(self, user: Any) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    def urls(self) -> list[str]:
        code = self.case.tracking_code
        seen: list[str] = []
        for name, _route in url_patterns():
            if name in LITERAL and name != "admin":
                continue
            url = url_for(name, self, self.own)
            if url not in seen:
                seen.append(url)
        extra = [
            f"/staf/?q={SECRET.name}",
            f"/staf/?q={SECRET.phone}",
            f"/staf/?q={code}",
            f"/api/v1/complaints?q={SECRET.phone}",
            "/staf/ekspor/daftar/",
            f"/api/v1/complaints?q={SECRET.name}",
            f"/api/v1/complaints?jurisdiction={self.city.slug}",
            f"/api/v1/complaints/{code}/public",
            f"/open311/v2/requests.json?jurisdiction_id={self.city.slug}",
            f"/open311/v2/requests.xml?jurisdiction_id={self.city.slug}",
            f"/open311/v2/requests/{code}.json?jurisdiction_id={self.city.slug}",
            f"/open311/v2/requests/{code}.xml?jurisdiction_id={self.city.slug}",
            f"/open311/v2/servicerequestupdates.xml?jurisdiction_id={self.city.slug}",
            f"/statistik/{self.city.slug}/",
            "/laporan/",
            f"/laporan/peta.json?jurisdiction={self.city.slug}",
            "/umpan/laporan.atom",
            "/sysadmin/complaints/complaint/",
            f"/sysadmin/complaints/complaint/{self.case.pk}/change/",
            "/sysadmin/complaints/reporter/",
            "/sysadmin/channels/inboundmessage/",
            "/sysadmin/notifications/notification/",
            *(
                f"/sysadmin/notifications/notification/{pk}/change/"
                for pk in Notification.objects.filter(complaint=self.case).values_list("pk", flat=True)
            ),
            "/sysadmin/audit/auditentry/",
        ]
        return seen + extra

    def test_no_page_or_endpoint_shows_the_identity_to_a_role_that_may_not_see_it(self) -> None:
        urls = self.urls()
        checked = 0
        for who, user in self.readers().items():
            client = self.client_as(user)
            for url in urls:
                response = client.get(url)
                body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
                searched = parse_qs(urlsplit(url).query).get("q", [""])[0]
                if searched in IDENTITY:
                    # The search box shows what was typed; the results must not match on the identity.
                    for typed in [searched, *(v for v in IDENTITY if v in searched)]:
                        body = body.replace(typed.encode(), b"")
                    self.assertNotIn(self.case.tracking_code.encode(), body, f"{url} as {who} finds the case")
                with self.subTest(who=who, url=url):
                    self.assertLess(response.status_code, 500, f"{url} as {who}")
                    self.assertEqual(leaks(body), [], f"{url} as {who} shows the identity")
                checked += 1
        self.assertGreater(checked, 11 * 140)

    def test_no_export_file_carries_the_identity_for_a_role_that_may_not_see_it(self) -> None:
        month = timezone.localdate().strftime("%Y-%m")
        kinds = [
            (Export.Kind.CSV, {}),
            (Export.Kind.XLSX, {}),
            (Export.Kind.MONTHLY_PDF, {"jurisdiction_id": self.city.pk, "month": month}),
            (Export.Kind.OMBUDSMAN, {"jurisdiction_id": self.city.pk, "month": month}),
        ]
        made = 0
        for who, user in self.readers().items():
            if user is None:
                continue
            for kind, params in kinds:
                try:
                    with self.captureOnCommitCallbacks(execute=True):
                        export = export_request(user=user, kind=kind, params=params, include_identities=True)
                except (PermissionDenied, ValidationError):
                    continue  # refused: nothing made, nothing to leak
                export.refresh_from_db()
                if not export.file:
                    continue
                with export.file.open("rb") as f:
                    content = f.read()
                made += 1
                with self.subTest(who=who, kind=kind):
                    self.assertEqual(leaks(content), [], f"{kind} for {who} carries the identity")
        self.assertGreater(made, 10)

    def test_messages_to_anyone_but_the_reporter_never_carry_the_identity(self) -> None:
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            case = self.advance(self.case, Action.ACCEPT)
            case = self.advance(case, Action.ANSWER, text="Sudah diperbaiki.")
        with self.captureOnCommitCallbacks(execute=True):
            self.client_as(self.petugas_a).post(
                reverse("backoffice:note", args=[case.tracking_code]), {"body": "Cek lapangan besok."}
            )
        staff_rows = Notification.objects.exclude(recipient__in=[SECRET.email, SECRET.phone, "6281377715599"])
        self.assertTrue(staff_rows.exists())
        for row in staff_rows:
            with self.subTest(notification=row.pk, kind=row.kind):
                text = f"{row.subject}\n{row.body}\n{row.context}".encode()
                self.assertEqual(leaks(text), [], f"{row.kind} to {row.recipient}")
        for message in mail.outbox:
            if SECRET.email in message.to:
                continue
            with self.subTest(to=message.to, subject=message.subject):
                self.assertEqual(leaks(message.message().as_bytes()), [])

    def test_the_complaint_administrator_sees_the_identity_and_the_view_is_recorded(self) -> None:
        client = self.client_as(self.admin)
        before = ComplaintEvent.objects.filter(complaint=self.case, kind=ComplaintEvent.Kind.IDENTITY_VIEW).count()
        response = client.get(reverse("backoffice:identity", args=[self.case.tracking_code]))
        self.assertEqual(response.status_code, 200)
        for value in (SECRET.name, SECRET.email, SECRET.phone, SECRET.address):
            self.assertContains(response, value)
        views = ComplaintEvent.objects.filter(complaint=self.case, kind=ComplaintEvent.Kind.IDENTITY_VIEW)
        self.assertEqual(views.count(), before + 1)
        self.assertEqual(views.latest("pk").actor, self.admin)

    def test_the_opd_holding_a_confidential_case_is_refused_the_identity(self) -> None:
        for user in (self.petugas_a, self.kepala_a):
            response = self.client_as(user).get(reverse("backoffice:identity", args=[self.case.tracking_code]))
            self.assertIn(response.status_code, (403, 404))

    def test_an_anonymous_complaint_stores_no_identity(self) -> None:
        self.assertFalse(Reporter.objects.filter(complaint=self.anonymous_case).exists())


class PublicSideIdentityTest(BaseTestCase):
    """A public report's reporter: none of their identity in the public pages, the phone-support code,
    or the e-mail and WhatsApp alerts to other people."""

    def test_no_public_page_code_or_alert_carries_the_reporters_identity(self) -> None:
        from sigap.alerts.models import Subscription
        from sigap.alerts.services import subscription_create, whatsapp_confirm
        from sigap.channels.messaging.tests.fakes import FakeGraph, serve
        from sigap.channels.models import MessagingAccount, Messenger
        from sigap.notifications.tests.servers import http_receiver
        from sigap.publicreports.models import Area
        from sigap.publicreports.services import public_report_confirm, public_report_create

        kel = Area.objects.create(jurisdiction=self.city, kind="kelurahan", name="Sukamaju", slug="sukamaju")
        MessagingAccount.objects.create(
            kind=Messenger.WA_CLOUD, jurisdiction=self.city, external_id="1098765",
            templates={"default": {"name": "sigap_kabar", "language": "id"}},
        )  # fmt: skip
        with (
            serve(FakeGraph()) as graph,
            http_receiver() as gateway,
            override_settings(
                SIGAP_USE_WHATSAPP_CLOUD=True, SIGAP_WHATSAPP_CLOUD_ACCESS_TOKEN=graph.token,
                SIGAP_WHATSAPP_CLOUD_API_BASE=graph.base, SIGAP_USE_SMS=True, SIGAP_SMS_SECRET="s",
                SIGAP_SMS_OUTBOUND_URL=f"{gateway.url}/sms",
            ),
        ):  # fmt: skip
            with self.captureOnCommitCallbacks(execute=True):
                subscription_create(kind=Subscription.Kind.KELURAHAN, email="tetangga@contoh-warga.id", area=kel)
                subscription_create(kind=Subscription.Kind.KELURAHAN, whatsapp="081299990001", area=kel)
            Subscription.objects.filter(contact__isnull=True).update(confirmed_at=timezone.now())
            whatsapp_confirm(contact=Subscription.objects.get(contact__isnull=False).contact)
            with self.captureOnCommitCallbacks(execute=True):
                complaint, _secret = self.submit(
                    reporter=SECRET,
                    description=f"Lampu jalan mati. Saya {SECRET.name}, hubungi {SECRET.phone} atau {SECRET.email}.",
                )
                report = public_report_create(complaint=complaint, kelurahan=kel)
            with self.captureOnCommitCallbacks(execute=True):
                self.advance(complaint, Action.VERIFY)
            with self.captureOnCommitCallbacks(execute=True):
                public_report_confirm(report=report, title=report.title, summary=report.summary, actor=self.admin)
            with self.captureOnCommitCallbacks(execute=True):
                self.advance(complaint, Action.DISPATCH, Action.ACCEPT, opd=self.opd_a)
            with self.captureOnCommitCallbacks(execute=True):
                self.advance(complaint, Action.ANSWER, text=f"Sudah diperbaiki, terima kasih {SECRET.name}.")
            code = complaint.tracking_code
            with self.captureOnCommitCallbacks(execute=True):
                asked = self.client.post(reverse("publicreports:support_phone", args=[code]), {"phone": "081299990002"})
            pages = [
                self.client.get(reverse("publicreports:detail", args=[code])),
                self.client.get(asked["Location"]),
                self.client.get(reverse("publicreports:list")),
                self.client.get(reverse("publicreports:map")),
                self.client.get(reverse("alerts:feed_all")),
            ]
            sent = [json.dumps(s) for s in graph.sent] + [r.body.decode() for r in gateway.requests]
        kinds = set()
        for row in Notification.objects.exclude(recipient__in=[SECRET.email, SECRET.phone, "6281377715599"]):
            if row.complaint_id is None:
                kinds.add((row.kind, row.channel))
            self.assertEqual(leaks(f"{row.subject}\n{row.body}\n{row.context}".encode()), [], row.kind)
        self.assertLessEqual({("alert", "email"), ("alert", "wa_cloud"), ("phone_code", "sms")}, kinds)
        for text in sent:
            self.assertEqual(leaks(text.encode()), [], text)
        self.assertGreaterEqual(len(sent), 4)
        for response in pages:
            self.assertEqual(response.status_code, 200)
            self.assertEqual(leaks(response.content), [], response.request["PATH_INFO"])
