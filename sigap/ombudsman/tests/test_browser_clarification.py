"""A clarification request in a real browser: the Ombudsman officer asks, DPUPR's focal point answers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sigap.ombudsman.services import report_transition
from sigap.ombudsman.tests.helpers import receive, verified
from sigap.ombudsman.workflow import Action, Actor
from sigap.oversight.models import InformationRequest, RequestEvent, RequestStatus
from sigap.test import Personas, browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def sign_in(browser, base, user):
    return browser_sign_in(browser.new_context(viewport={"width": 1280, "height": 900}), base, user)


def test_the_ombudsman_asks_and_the_focal_point_answers_with_a_document(live_server, browser, artifacts, tmp_path):
    people = SimpleNamespace()
    Personas.build(people)
    report = verified(people, receive(people))
    for action in (Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL):
        report = report_transition(report=report, action=action, actor=people.ombudsman, acting_as=Actor.OFFICER)
    base = live_server.url

    officer = sign_in(browser, base, people.ombudsman)
    officer.click("nav >> text=Pengawasan")
    officer.click("nav .dropdown-menu >> text=Ombudsman")
    officer.click(f"text={report.title}")
    officer.select_option("#request-form select[name=opd]", str(people.opd_a.pk))
    officer.fill("#request-form input[name=subject]", "Klarifikasi keterlambatan PBG")
    officer.fill("#request-form textarea[name=questions]", "Mohon jelaskan secara tertulis mengapa PBG belum terbit.")
    officer.screenshot(path=artifacts / "ombudsman-report.png", full_page=True)
    officer.click("button[data-action=send-request]")
    assert "Klarifikasi keterlambatan PBG" in officer.inner_text("main")
    request = InformationRequest.objects.get()
    assert (request.opd, request.status, request.sent_by) == (people.opd_a, RequestStatus.OPEN, people.ombudsman)

    focal = sign_in(browser, base, people.focal_a)
    focal.click("nav >> text=Pengawasan")
    focal.click("nav .dropdown-menu >> text=Permintaan")
    focal.click("text=Klarifikasi keterlambatan PBG")
    document = tmp_path / "penjelasan-dpupr.pdf"
    document.write_bytes(PDF)
    focal.fill(
        "#answer-form textarea[name=body]", "PBG tertunda karena gambar teknis belum lengkap; sudah terbit hari ini."
    )
    focal.set_input_files("#answer-form input[name=documents]", str(document))
    focal.screenshot(path=artifacts / "focal-point-answer.png", full_page=True)
    focal.click("#answer-form button[type=submit]")
    assert focal.inner_text("[data-testid=request-status]").strip() == "Dijawab"

    officer.goto(f"{base}/staf/ombudsman/laporan/{report.pk}/")
    officer.click("text=Klarifikasi keterlambatan PBG")
    answer = officer.inner_text("[data-testid=answer]")
    assert "gambar teknis belum lengkap" in answer and "penjelasan-dpupr.pdf" in answer
    officer.screenshot(path=artifacts / "ombudsman-sees-answer.png", full_page=True)

    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    # Opening the request was the focal point's read receipt (UU 37/2008 Pasal 33(1) counts from receipt).
    assert list(request.events.values_list("kind", flat=True)) == [
        RequestEvent.Kind.SENT,
        RequestEvent.Kind.RECEIVED,
        RequestEvent.Kind.ANSWERED,
    ]
    assert (request.receipt_via, request.events.get(kind=RequestEvent.Kind.RECEIVED).actor) == ("sigap", people.focal_a)
    assert request.answers.get().documents.get().original_name == "penjelasan-dpupr.pdf"
