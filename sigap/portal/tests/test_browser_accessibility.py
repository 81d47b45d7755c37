"""The citizen portal passes axe-core without serious or critical violations, in both languages."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sigap.complaints.models import Complaint
from sigap.complaints.services import ReporterDetails, Submission, complaint_submit, complaint_transition
from sigap.complaints.workflow import Action, Actor
from sigap.dashboards.rollups import rollups_rebuild
from sigap.test import Personas, axe_serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def file_located_cases(people: SimpleNamespace) -> None:
    for i in range(6):
        complaint_submit(
            submission=Submission(
                jurisdiction=people.city, title=f"Lampu jalan mati di Jl. Merdeka no. {i}",
                description="Lampu penerangan jalan mati sejak seminggu, jalan gelap dan rawan di malam hari.",
                category=people.roads, lat=-7.645 + i / 1000, lng=112.907, reporter=ReporterDetails(name="Warga"),
            )
        )  # fmt: skip
    rollups_rebuild(jurisdiction=people.city)


def test_portal_pages_have_no_serious_or_critical_violations(live_server, browser):
    people = SimpleNamespace()
    Personas.build(people)
    file_located_cases(people)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID", bypass_csp=True)
    page = context.new_page()
    found: dict[str, list[str]] = {}

    def check(name: str, path: str | None = None) -> None:
        if path is not None:
            page.goto(f"{base}{path}")
        found[name] = axe_serious_violations(page)

    check("home", "/")
    check("complaint form", "/lapor/")
    page.click("#complaint-form button[type=submit]")
    page.wait_for_selector(".invalid-feedback, .alert-danger")
    check("complaint form with errors")
    page.select_option("#id_category", str(people.roads.pk))
    page.fill("#id_title", "Jalan berlubang di depan SDN 3")
    page.fill(
        "#id_description", "Lubang besar di Jl. Merdeka depan SDN 3, sudah dua minggu, membahayakan anak sekolah."
    )
    page.fill("#id_reporter_name", "Ani Wijaya")
    page.click("#complaint-form button[type=submit]")
    code = page.inner_text("[data-testid=tracking-code]").strip()
    check("acknowledgement with tracking code")
    check("tracking lookup", "/lacak/")
    page.click("main button[type=submit]")
    check("tracking lookup with errors")

    case = Complaint.objects.get(tracking_code=code)
    steps = [
        (Action.VERIFY, people.admin, Actor.ADMIN, "Laporan lengkap."),
        (Action.DISPATCH, people.admin, Actor.ADMIN, "Diteruskan ke DPUPR."),
        (Action.ANSWER, people.petugas_a, Actor.OPD, "Lubang sudah ditambal hari ini."),
    ]
    for action, actor, capacity, text in steps:
        case = complaint_transition(complaint=case, action=action, actor=actor, acting_as=capacity, text=text)
    check("case page as reporter (answered)", f"/lacak/{code}/")
    check("public statistics", f"/statistik/{people.city.slug}/")
    page.wait_for_selector('canvas[data-rendered="true"]')
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    check("public statistics with charts and map")
    check("statistics index", "/statistik/")
    check("service standards", "/standar-pelayanan/")
    check("satisfaction survey", "/survei/")
    check("satisfaction survey form", f"/survei/layanan/{people.service_a.pk}/")
    page.click("main button[type=submit]")
    check("satisfaction survey form with errors")
    check("sign in", "/akun/masuk/")

    context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    check("home (English)", "/")
    assert page.locator("html").get_attribute("lang") == "en"
    check("complaint form (English)", "/lapor/")
    check("case page (English)", f"/lacak/{code}/")

    assert len(found) == 18
    problems = [f"{name}: {violation}" for name, violations in found.items() for violation in violations]
    assert not problems, "\n".join(problems)
