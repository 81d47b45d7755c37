"""The satisfaction survey and the rating can be answered with a mouse, on a desktop and on a phone.

Each radio button and its label must be what is drawn at its centre (nothing laid over it), and no
question's text may be drawn over another's.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sigap.complaints.services import ReporterDetails, Submission, complaint_submit, complaint_transition
from sigap.complaints.workflow import Action, Actor
from sigap.test import Personas
from sigap.web.tests.layout import layout_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [1366, 360])
def test_survey_and_rating_radios_are_each_clickable_and_apart(live_server, browser, width):
    people = SimpleNamespace()
    Personas.build(people)
    case, secret = complaint_submit(
        submission=Submission(
            jurisdiction=people.city, title="Trotoar rusak di Jl. Pahlawan", service=people.service_a,
            description="Paving trotoar lepas sepanjang sepuluh meter, pejalan kaki terpaksa turun ke jalan.",
            category=people.roads, reporter=ReporterDetails(name="Ani Wijaya", phone="081234567890"),
        )
    )  # fmt: skip
    for action, actor, capacity in [
        (Action.VERIFY, people.admin, Actor.ADMIN),
        (Action.DISPATCH, people.admin, Actor.ADMIN),
        (Action.ANSWER, people.petugas_a, Actor.OPD),
        (Action.CONFIRM, None, Actor.REPORTER),
    ]:
        case = complaint_transition(complaint=case, action=action, actor=actor, acting_as=capacity, text="Catatan.")
    base = live_server.url
    page = browser.new_context(viewport={"width": width, "height": 800}, locale="id-ID").new_page()
    found: dict[str, list[str]] = {}

    page.goto(f"{base}/survei/layanan/{people.service_a.pk}/")
    assert page.locator("#survey-form input[type=radio]").count() == 9 * 4
    found["service survey"] = layout_problems(page)

    page.goto(f"{base}/lacak/")
    page.fill("#id_code", case.tracking_code)
    page.fill("#id_secret", secret)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/lacak/{case.tracking_code}/")
    assert page.locator("input[name=rating]").count() == 5
    found["rating on the case page"] = layout_problems(page)

    page.goto(f"{base}/survei/pengaduan/{case.tracking_code}/")
    found["survey after the complaint"] = layout_problems(page)
    # A person clicks the label of the third answer of the last question; that answer is chosen.
    page.get_by_text("3 — baik").last.click()
    assert page.locator("#survey-form input[type=radio]:checked").count() == 1

    assert found == {name: [] for name in found}, found
