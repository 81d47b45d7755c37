"""Charts, the clustered map, search and exports in a real browser (Debian's chromium)."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from sigap.complaints.services import ReporterDetails, Submission, complaint_submit, complaint_transition
from sigap.complaints.workflow import Action, Actor
from sigap.dashboards.rollups import rollups_rebuild
from sigap.demo.corpus import complaint_text
from sigap.search.documents import documents_rebuild
from sigap.suggestions.training import train_routing
from sigap.test import Personas, browser_sign_in

POTHOLE = "Lubang besar di Jl. Merdeka depan SD Negeri 3, sudah dua minggu membahayakan pengendara motor."

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(context, base, user):  # type: ignore[no-untyped-def]
    return browser_sign_in(context, base, user)


def file_cases(people: SimpleNamespace) -> None:
    rng = random.Random(9)
    for i in range(48):
        category, code = [(people.roads, "jalan"), (people.health, "puskesmas")][i % 2]
        text = complaint_text(code, rng)
        case, _ = complaint_submit(
            submission=Submission(
                jurisdiction=people.city, title=text.title, description=text.description, category=category,
                lat=text.lat, lng=text.lng, reporter=ReporterDetails(name="Warga Uji"),
            )
        )  # fmt: skip
        if i % 4:
            for action in (Action.VERIFY, Action.DISPATCH):
                case = complaint_transition(complaint=case, action=action, actor=people.admin, acting_as=Actor.ADMIN)
    rollups_rebuild(jurisdiction=people.city)
    documents_rebuild()


def test_dashboard_charts_map_search_and_export_render(live_server, browser, artifacts):  # type: ignore[no-untyped-def]
    people = SimpleNamespace()
    Personas.build(people)
    file_cases(people)
    earlier, _ = complaint_submit(
        submission=Submission(jurisdiction=people.city, title="Jalan berlubang Jl. Merdeka", description=POTHOLE,
                              category=people.roads, lat=-7.6450, lng=112.9070, reporter=ReporterDetails(name="Warga")),
    )  # fmt: skip
    base = live_server.url

    admin = sign_in(browser.new_context(viewport={"width": 1366, "height": 1000}), base, people.admin)
    admin.goto(f"{base}/staf/dasbor/")
    admin.wait_for_selector('canvas[data-chart="by_opd_quality"][data-rendered="true"]', state="attached")
    assert admin.locator('canvas[data-rendered="true"]').count() == 8
    # No case is rated or reopened yet: the quality chart says so instead of drawing an empty grid.
    assert admin.locator('canvas[data-chart="by_opd_quality"]').get_attribute("data-empty") == "true"
    assert admin.locator(".chart-empty").first.inner_text() == "Belum ada data untuk periode ini."
    # Counts step by whole complaints.
    precision = 'name => document.querySelector(`canvas[data-chart="${name}"]`).chart.options.scales'
    assert admin.evaluate(f"({precision}.y.ticks.precision)('by_month')") == 0
    assert admin.evaluate(f"({precision}.x.ticks.precision)('by_category')") == 0
    assert admin.locator("#id_wilayah option").first.inner_text() == "Semua yurisdiksi"
    admin.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    assert (
        int(admin.get_attribute("#complaint-map", "data-points") or 0) == 49
    )  # every located case, the earlier pothole included
    admin.screenshot(path=artifacts / "dashboard-admin.png", full_page=True)

    head = sign_in(browser.new_context(viewport={"width": 1366, "height": 1000}), base, people.kepala_a)
    head.goto(f"{base}/staf/dasbor/")
    head.wait_for_selector('canvas[data-chart="by_month"][data-rendered="true"]')
    head.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    points = int(head.get_attribute("#complaint-map", "data-points") or 0)
    assert 0 < points < 48  # only the cases DPUPR holds
    head.screenshot(path=artifacts / "dashboard-opd-head.png", full_page=True)

    public = browser.new_context(viewport={"width": 1366, "height": 1000}).new_page()
    public.goto(f"{base}/statistik/{people.city.slug}/")
    public.wait_for_selector('canvas[data-chart="by_opd_on_time"][data-rendered="true"]')
    public.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    assert "Warga Uji" not in public.inner_text("body")
    public.screenshot(path=artifacts / "statistics-public.png", full_page=True)

    admin.goto(f"{base}/staf/?status=&q=pelayanan+lama")
    admin.screenshot(path=artifacts / "inbox-search.png", full_page=True)
    admin.goto(f"{base}/staf/?status=&q=antrian+puskesmas")
    assert admin.locator(".search-excerpt mark").count() > 0

    admin.click("button[name=format][value=xlsx]")
    admin.wait_for_selector("a[data-download]", timeout=20_000)
    assert admin.locator("progress").get_attribute("value") == "100"
    admin.screenshot(path=artifacts / "export-ready.png", full_page=True)
    with admin.expect_download() as download:
        admin.click("a[data-download]")
    assert download.value.suggested_filename.endswith(".xlsx")

    # Intake: a new report like an earlier one gets routing suggestions and its likely duplicate.
    train_routing(jurisdiction=people.city)
    reporter = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="id-ID").new_page()
    reporter.goto(f"{base}/lapor/")
    reporter.select_option("#id_jurisdiction", str(people.city.pk))
    reporter.fill("#id_title", "Jalan berlubang di Jl. Merdeka depan SD")
    reporter.fill("#id_description", POTHOLE)
    reporter.press("#id_description", "Tab")
    reporter.wait_for_selector("#similar-cases a")  # the portal offers to follow the earlier case
    reporter.screenshot(path=artifacts / "portal-already-reported.png", full_page=True)
    new, _ = complaint_submit(
        submission=Submission(
            jurisdiction=people.city, title="Lubang di jalan Merdeka", description=POTHOLE + " Tolong",
            lat=-7.6451, lng=112.9071, reporter=ReporterDetails(name="Warga Kedua"),
        )
    )  # fmt: skip
    admin.goto(f"{base}/staf/kasus/{new.tracking_code}/")
    assert admin.locator(f'[data-suggested-opd="{people.opd_a.pk}"]').count() == 1
    assert admin.locator(f'[data-duplicate="{earlier.tracking_code}"]').count() == 1
    admin.screenshot(path=artifacts / "case-suggestions.png", full_page=True)
