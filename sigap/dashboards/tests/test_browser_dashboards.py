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
from sigap.test import PASSWORD, Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(context, base, username):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/staf/")
    return page


def file_cases(people: SimpleNamespace) -> None:
    rng = random.Random(9)
    for i in range(40):
        category, code = [(people.roads, "jalan"), (people.health, "puskesmas")][i % 2]
        text = complaint_text(code, rng)
        case, _ = complaint_submit(
            submission=Submission(
                jurisdiction=people.city, title=text.title, description=text.description, category=category,
                lat=text.lat, lng=text.lng, reporter=ReporterDetails(name="Warga Uji"),
            )
        )  # fmt: skip
        if i % 3:
            for action in (Action.VERIFY, Action.DISPATCH):
                case = complaint_transition(complaint=case, action=action, actor=people.admin, acting_as=Actor.ADMIN)
    rollups_rebuild(jurisdiction=people.city)
    documents_rebuild()


def test_dashboard_charts_map_search_and_export_render(live_server, browser, artifacts):  # type: ignore[no-untyped-def]
    people = SimpleNamespace()
    Personas.build(people)
    file_cases(people)
    base = live_server.url

    admin = sign_in(browser.new_context(viewport={"width": 1366, "height": 1000}), base, "admin")
    admin.goto(f"{base}/staf/dasbor/")
    admin.wait_for_selector('canvas[data-chart="by_opd_quality"][data-rendered="true"]')
    assert admin.locator('canvas[data-rendered="true"]').count() == 6
    admin.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    assert int(admin.get_attribute("#complaint-map", "data-points") or 0) == 40
    admin.screenshot(path=artifacts / "dashboard-admin.png", full_page=True)

    head = sign_in(browser.new_context(viewport={"width": 1366, "height": 1000}), base, "kepala_a")
    head.goto(f"{base}/staf/dasbor/")
    head.wait_for_selector('canvas[data-chart="by_month"][data-rendered="true"]')
    head.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    points = int(head.get_attribute("#complaint-map", "data-points") or 0)
    assert 0 < points < 40  # only the cases DPUPR holds
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
