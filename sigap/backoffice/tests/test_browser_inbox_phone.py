"""The inbox on a 360 px phone: a case's status and deadline are on screen without scrolling sideways."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from sigap.complaints.models import Complaint
from sigap.test import BaseTestCase, Personas, browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE, DESKTOP = {"width": 360, "height": 740}, {"width": 1366, "height": 900}


def test_a_phone_shows_the_deadline_and_folds_the_other_columns_into_the_title(live_server, browser, artifacts):
    people = SimpleNamespace()
    Personas.build(people)
    case, _secret = BaseTestCase.submit(people, title="Lampu jalan mati di depan pasar")
    Complaint.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(days=2))
    base = live_server.url

    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = browser_sign_in(context, base, people.admin)
    page.goto(f"{base}/staf/?due=overdue")
    badge = page.locator("tbody .badge.due-overdue")
    box = badge.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    details = page.get_by_test_id("inbox-row-details")
    assert details.is_visible()
    assert details.inner_text().startswith(f"{people.roads.name} · Diterima "), details.inner_text()
    assert not page.get_by_role("columnheader", name="Kategori").is_visible()
    # Nothing of the row is left behind a sideways scroll.
    assert page.evaluate(
        "() => { const t = document.querySelector('.table-responsive'); return t.scrollWidth <= t.clientWidth; }"
    )
    page.screenshot(path=artifacts / "inbox-phone.png", full_page=True)

    page.set_viewport_size(DESKTOP)
    assert page.get_by_role("columnheader", name="Kategori").is_visible()
    assert not page.get_by_test_id("inbox-row-details").is_visible()
    assert page.get_by_role("columnheader", name="Status").is_visible()
    assert not page.get_by_test_id("inbox-row-status").is_visible()
    page.screenshot(path=artifacts / "inbox-desktop.png")

    # A long status ("Diteruskan ke OPD") beside an on-time deadline: on a phone the status folds in too.
    forwarded, _secret = BaseTestCase.submit(people)
    Complaint.objects.filter(pk=forwarded.pk).update(status="dispatched", due_at=timezone.now() + timedelta(days=7))
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/staf/")
    box = page.locator("tbody .badge.due-on_time").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert page.get_by_test_id("inbox-row-status").get_by_text("Diteruskan ke OPD", exact=True).is_visible()
    assert not page.get_by_role("columnheader", name="Status").is_visible()
    assert page.evaluate(
        "() => { const t = document.querySelector('.table-responsive'); return t.scrollWidth <= t.clientWidth; }"
    )
    page.screenshot(path=artifacts / "inbox-phone-forwarded.png", full_page=True)
    context.close()
