"""A complaint's whole life in a real browser: portal, back office, portal again."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sigap.complaints.models import Complaint
from sigap.complaints.workflow import Status
from sigap.test import Personas, browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(context, base, user):
    return browser_sign_in(context, base, user)


def test_submit_verify_dispatch_answer_confirm_rate(live_server, browser, artifacts):
    people = SimpleNamespace()
    Personas.build(people)
    base = live_server.url

    reporter = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    portal = reporter.new_page()
    portal.goto(f"{base}/lapor/")
    portal.select_option("#id_category", str(people.roads.pk))
    portal.fill("#id_title", "Jalan berlubang di depan SDN 3")
    portal.fill(
        "#id_description", "Lubang besar di Jl. Merdeka depan SDN 3, sudah dua minggu, membahayakan anak sekolah."
    )
    portal.fill("#id_reporter_name", "Ani Wijaya")
    portal.fill("#id_reporter_phone", "081234567890")
    portal.screenshot(path=artifacts / "portal-form.png", full_page=True)
    portal.click("#complaint-form button[type=submit]")
    code = portal.inner_text("[data-testid=tracking-code]").strip()
    assert portal.inner_text("[data-testid=secret]").strip()

    admin = sign_in(browser.new_context(viewport={"width": 1280, "height": 900}), base, people.admin)
    admin.screenshot(path=artifacts / "inbox.png", full_page=True)
    admin.click(f"text={code}")
    # A new case is verified and dispatched in one step, to the OPD the category suggests (preselected).
    assert admin.input_value("#id_opd") == str(people.opd_a.pk)
    admin.click("button[data-action=verify_dispatch]")
    assert Complaint.objects.get(tracking_code=code).opd == people.opd_a

    officer = sign_in(browser.new_context(), base, people.petugas_a)
    officer.goto(f"{base}/staf/kasus/{code}/")
    # Accepting comes first on the page; answering straight away is one of the folded other steps.
    officer.click("details[data-action-card=answer] summary")
    officer.fill("#text-answer", "Lubang sudah ditambal oleh tim DPUPR pada hari ini.")
    officer.click("button[data-action=answer]")
    assert Complaint.objects.get(tracking_code=code).status == Status.ANSWERED

    portal.goto(f"{base}/lacak/{code}/")
    assert "ditambal" in portal.inner_text("main")
    portal.click(f"form[action='/lacak/{code}/aksi/confirm/'] button")
    portal.check("input[name=rating][value='5']")
    portal.fill("#id_comment", "Cepat ditangani, terima kasih.")
    portal.click(f"form[action='/lacak/{code}/nilai/'] button")

    case = Complaint.objects.get(tracking_code=code)
    assert (case.status, case.rating, case.close_reason) == (Status.CLOSED, 5, "confirmed")
    assert [e.action for e in case.events.filter(kind="transition")] == ["verify", "dispatch", "answer", "confirm"]
