"""On a 360 px phone: support a public report with a code sent to the phone, and ask for WhatsApp alerts."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from sigap.alerts.models import Subscription
from sigap.channels.messaging.tests.fakes import FakeGraph, serve
from sigap.channels.models import MessagingAccount, Messenger
from sigap.complaints.workflow import Action, Actor
from sigap.notifications.tests.servers import http_receiver
from sigap.publicreports.models import Area, PublicReport
from sigap.publicreports.services import public_report_confirm, public_report_create
from sigap.test import BaseTestCase, Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740}


def test_support_by_phone_code_and_whatsapp_alerts_on_a_phone(live_server, browser, artifacts, settings):
    from sigap.complaints.services import complaint_transition

    people = SimpleNamespace()
    Personas.build(people)
    base = live_server.url
    kel = Area.objects.create(jurisdiction=people.city, kind="kelurahan", name="Sukamaju", slug="sukamaju")
    complaint, _secret = BaseTestCase.submit(people, title="Trotoar ambles di depan pasar")
    report = public_report_create(complaint=complaint, kelurahan=kel)
    complaint = complaint_transition(
        complaint=complaint, action=Action.VERIFY, actor=people.admin, acting_as=Actor.ADMIN
    )
    public_report_confirm(report=report, title=report.title, summary=report.summary, actor=people.admin)
    MessagingAccount.objects.create(
        kind=Messenger.WA_CLOUD, jurisdiction=people.city, external_id="1098765",
        templates={"default": {"name": "sigap_kabar", "language": "id"}},
    )  # fmt: skip
    code = complaint.tracking_code

    with http_receiver() as gateway, serve(FakeGraph()) as graph:
        settings.SIGAP_USE_SMS, settings.SIGAP_SMS_SECRET = True, "gateway-secret"
        settings.SIGAP_SMS_OUTBOUND_URL = f"{gateway.url}/sms"
        settings.SIGAP_USE_WHATSAPP_CLOUD = True
        settings.SIGAP_WHATSAPP_CLOUD_ACCESS_TOKEN, settings.SIGAP_WHATSAPP_CLOUD_API_BASE = graph.token, graph.base
        settings.SITE_URL = base

        page = browser.new_context(viewport=PHONE, locale="id-ID").new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{base}/laporan/{code}/")
        page.fill("#id_phone", "0812 7777 1234")
        page.click("[data-testid=support-phone-button]")
        page.wait_for_selector("[data-testid=phone-code-button]")
        assert page.get_attribute("#id_code", "autocomplete") == "one-time-code"
        sms = gateway.requests[-1].json()
        assert sms["to"] == "6281277771234"
        typed = re.search(r"\b(\d{6})\b", sms["text"])
        assert typed is not None
        page.screenshot(path=artifacts / "support-phone-code.png", full_page=True)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        page.fill("#id_code", typed.group(1))
        page.click("[data-testid=phone-code-button]")
        page.wait_for_selector("[data-testid=support-count]")
        assert "1" in page.inner_text("[data-testid=support-count]")
        assert PublicReport.objects.get(pk=report.pk).support_count == 1

        page.goto(f"{base}/peringatan/")
        page.fill("#id_whatsapp", "0812 3456 7890")
        page.check("input[name=kind][value=kelurahan]")
        page.select_option("#id_kelurahan", str(kel.pk))
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        page.click("main button[type=submit]")
        page.wait_for_selector("[data-testid=check-whatsapp]")
        page.screenshot(path=artifacts / "alerts-whatsapp-phone.png", full_page=True)
        subscription = Subscription.objects.get()
        assert subscription.contact is not None and subscription.confirmed_at is None
        assert [s["to"] for s in graph.sent] == ["6281234567890"]
