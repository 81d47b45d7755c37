"""The citizen portal on a 360 px wide phone: nothing scrolls sideways, and a complaint can be filed and followed.

`make screenshots` saves the pages to docs/screenshots/mobile-*.png (SIGAP_SCREENSHOTS names the folder);
otherwise they go to test-artifacts/.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from sigap.complaints.models import Complaint
from sigap.complaints.services import ReporterDetails, Submission, complaint_submit, complaint_transition
from sigap.complaints.workflow import Action, Actor
from sigap.dashboards.rollups import rollups_rebuild
from sigap.test import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The elements that stick out on the right, to say what to fix.
WIDE = """() => [...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > 360.5)
  .slice(0, 8)
  .map((e) => `${e.tagName}.${e.className} ends at ${Math.round(e.getBoundingClientRect().right)} px`)"""
PHONE = {"width": 360, "height": 740}


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the screen (0 when nothing scrolls sideways)."""
    return page.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)") - 360


def test_portal_fits_a_360_px_phone_and_a_complaint_can_be_filed_and_followed(live_server, browser, artifacts):
    people = SimpleNamespace()
    Personas.build(people)
    complaint_submit(
        submission=Submission(
            jurisdiction=people.city, title="Lampu jalan mati di Jl. Merdeka",
            description="Lampu penerangan jalan mati sejak seminggu, jalan gelap dan rawan di malam hari.",
            category=people.roads, lat=-7.645, lng=112.907, reporter=ReporterDetails(name="Warga"),
        )
    )  # fmt: skip
    rollups_rebuild(jurisdiction=people.city)
    folder = Path(os.environ.get("SIGAP_SCREENSHOTS") or artifacts)
    base = live_server.url
    page = browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True, has_touch=True).new_page()
    widths: dict[str, int] = {}
    wide: dict[str, list[str]] = {}

    def visit(name: str, path: str | None = None) -> None:
        if path is not None:
            page.goto(f"{base}{path}")
        widths[name] = overflow(page)
        if widths[name] > 0:
            wide[name] = page.evaluate(WIDE)
        page.screenshot(path=folder / f"mobile-{name}.png", full_page=True)

    visit("home", "/")
    page.click(".navbar-toggler")
    page.wait_for_selector("#nav.show")
    visit("menu")
    visit("form", "/lapor/")
    page.click("#complaint-form button[type=submit]")
    visit("form-errors")
    page.select_option("#id_category", str(people.roads.pk))
    page.fill("#id_title", "Trotoar rusak di Jl. Pahlawan")
    page.fill("#id_description", "Paving trotoar lepas sepanjang sepuluh meter, pejalan kaki terpaksa turun ke jalan.")
    page.fill("#id_reporter_name", "Ani Wijaya")
    page.fill("#id_reporter_phone", "081234567890")
    page.click("#complaint-form button[type=submit]")
    code = page.inner_text("[data-testid=tracking-code]").strip()
    secret = page.inner_text("[data-testid=secret]").strip()
    visit("thanks")

    case = Complaint.objects.get(tracking_code=code)
    steps = [
        (Action.VERIFY, people.admin, Actor.ADMIN, "Laporan lengkap."),
        (Action.DISPATCH, people.admin, Actor.ADMIN, "Diteruskan ke DPUPR."),
        (Action.ANSWER, people.petugas_a, Actor.OPD, "Paving sudah dipasang kembali."),
    ]
    for action, actor, capacity, text in steps:
        case = complaint_transition(complaint=case, action=action, actor=actor, acting_as=capacity, text=text)
    # A new visitor (no session) follows the case with the code and the secret.
    page = browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True, has_touch=True).new_page()
    visit("track", "/lacak/")
    page.fill("#id_code", code)
    page.fill("#id_secret", secret)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/lacak/{code}/")
    assert "Paving sudah dipasang kembali." in page.inner_text("main")
    visit("case")
    page.goto(f"{base}/statistik/{people.city.slug}/")
    page.wait_for_selector('canvas[data-rendered="true"]')
    visit("statistics")
    visit("standards", "/standar-pelayanan/")
    visit("survey", "/survei/")

    assert Complaint.objects.filter(title="Trotoar rusak di Jl. Pahlawan").exists()
    assert len(widths) == 10
    assert not wide, wide
