"""A public report's life in a real browser, with a real SMTP server.

File publicly on a 360 px phone → the administrator verifies and confirms the public text → the
report is on the map → another visitor supports it → a kelurahan subscriber gets the alert → the
OPD answers → the answer is public; no identity or masked number shows anywhere on the way.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from sigap.complaints.models import Complaint
from sigap.complaints.workflow import Status
from sigap.notifications.tests.servers import smtp_server
from sigap.publicreports.models import Area, PublicReport
from sigap.test import Personas, browser_sign_in

# Pins are drawn from their image, not shown as broken-image boxes (Leaflet's default icon guesses
# its image folder and misses the hashed static files).
PINS_DRAWN = (
    "() => { const pins = [...document.querySelectorAll('MAP img.leaflet-marker-icon')];"
    " return pins.length > 0 && pins.every(p => p.complete && p.naturalWidth > 0); }"
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740}
SUBSCRIBER = "rt05.sukamaju@contoh-warga.id"
SUPPORTER = "tetangga.sukamaju@contoh-warga.id"
IDENTITY = [
    "Rahmawati Sulistyowati",
    "Rahmawati",
    "081355566677",
    "rahma.pelapor@contoh-warga.id",
    "Joko",
    "081244455566",
]


def context(browser, **options):
    """A browser context with room for a loaded machine (the case page trains routing models on first use)."""
    made = browser.new_context(**options)
    made.set_default_timeout(120_000)
    made.set_default_navigation_timeout(120_000)
    return made


def mailed_link(mailbox, to: str, path: str, base: str) -> str:
    for message in reversed(mailbox.messages):
        if to in message["To"]:
            found = re.search(rf"https?://\S+?({re.escape(path)}\S+/)", message.get_content())
            if found:
                return base + found.group(1)
    raise AssertionError(f"no {path} link mailed to {to}")


def test_file_publicly_verify_map_support_alert_answer_public(live_server, browser, artifacts, settings):
    people = SimpleNamespace()
    Personas.build(people)
    base = live_server.url
    kecamatan = Area.objects.create(jurisdiction=people.city, kind="kecamatan", name="Klojen", slug="klojen")
    kel = Area.objects.create(
        jurisdiction=people.city, kind="kelurahan", name="Sukamaju", slug="sukamaju", parent=kecamatan
    )

    with smtp_server() as (mailbox, port):
        settings.SIGAP_SEND_EMAIL = True
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.SITE_URL = base

        # A neighbour subscribes to the kelurahan and confirms (double opt-in).
        neighbour = context(browser, viewport=PHONE, locale="id-ID").new_page()
        neighbour.goto(f"{base}/peringatan/")
        neighbour.fill("#id_email", SUBSCRIBER)
        neighbour.check("input[name=kind][value=kelurahan]")
        neighbour.select_option("#id_kelurahan", str(kel.pk))
        neighbour.click("main button[type=submit]")
        neighbour.wait_for_selector("[data-testid=check-mail]")
        neighbour.goto(mailed_link(mailbox, SUBSCRIBER, "/peringatan/konfirmasi/", base))
        neighbour.click("main form button[type=submit]")
        neighbour.wait_for_selector("[data-testid=alert-active]")

        # The reporter files publicly on a phone.
        reporter = context(browser, viewport=PHONE, locale="id-ID").new_page()
        reporter.goto(f"{base}/lapor/")
        reporter.select_option("#id_category", str(people.roads.pk))
        reporter.fill("#id_title", "Lampu jalan mati di Gang Melati")
        reporter.fill(
            "#id_description",
            "Lampu jalan mati seminggu, gelap dan rawan. Hubungi saya Rahmawati di 081355566677.",
        )
        reporter.click("#map-picker")  # marks the place where the map was tapped
        assert reporter.input_value("#id_lat")
        reporter.wait_for_function(PINS_DRAWN.replace("MAP", "#map-picker"), timeout=10_000)
        reporter.select_option("#id_public-kelurahan", str(kel.pk))
        assert reporter.is_checked("#id_public-make_public")
        assert not reporter.is_checked("#id_public-photos_public")
        reporter.fill("#id_reporter_name", "Rahmawati Sulistyowati")
        reporter.fill("#id_reporter_email", "rahma.pelapor@contoh-warga.id")
        reporter.click("#complaint-form button[type=submit]")
        code = reporter.inner_text("[data-testid=tracking-code]").strip()
        reporter.screenshot(path=artifacts / "public-receipt-phone.png", full_page=True)
        with reporter.expect_download() as download:
            reporter.click("[data-testid=receipt-pdf]")
        assert download.value.suggested_filename == f"tanda-terima-{code}.pdf"
        assert reporter.evaluate("() => document.documentElement.scrollWidth") <= 360
        # Not public before verification.
        assert reporter.goto(f"{base}/laporan/{code}/").status == 404

        # The administrator verifies, confirms the masked public text and dispatches.
        admin = browser_sign_in(context(browser, viewport={"width": 1280, "height": 900}), base, people.admin)
        admin.goto(f"{base}/staf/kasus/{code}/")
        assert "081355566677" not in admin.input_value("#id_summary")
        admin.click("details[data-action-card=verify] summary")  # verifying alone is a folded step
        admin.click("button[data-action=verify]")
        admin.click("[data-testid=confirm-public]")
        admin.click("button[data-action=dispatch]")
        assert PublicReport.objects.get(complaint__tracking_code=code).is_published

        # The subscriber got the new report by e-mail.
        alerts = [m for m in mailbox.messages if SUBSCRIBER in m["To"] and "Lampu jalan mati" in m["Subject"]]
        new = [m for m in alerts if m["Subject"].startswith("Laporan publik baru")]
        assert len(new) == 1 and "List-Unsubscribe" in new[0]
        # …and, as it asked for updates, the dispatch to the OPD.
        assert any(m["Subject"].startswith("Perkembangan") for m in alerts)

        # Another visitor finds it on the map and supports it by e-mail.
        visitor = context(browser, viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
        visitor.goto(f"{base}/laporan/?kelurahan={kel.pk}")
        visitor.wait_for_selector("[data-reports-map][data-loaded='1']", state="attached")
        # The pin is drawn from its image, not a broken-image box.
        visitor.wait_for_function(PINS_DRAWN.replace("MAP", "[data-reports-map]"), timeout=10_000)
        visitor.screenshot(path=artifacts / "public-reports-map.png", full_page=True)
        visitor.click(f"a[href='/laporan/{code}/']")
        visitor.fill("#id_email", SUPPORTER)
        visitor.click("[data-testid=support-button]")
        visitor.goto(mailed_link(mailbox, SUPPORTER, "/laporan/dukungan/", base))
        visitor.click("main form button[type=submit]")
        assert "1" in visitor.inner_text("[data-testid=support-count]")

        # The OPD answers; the answer shows publicly (masked) and reaches the subscriber.
        officer = browser_sign_in(context(browser), base, people.petugas_a)
        officer.goto(f"{base}/staf/kasus/{code}/")
        officer.click("details[data-action-card=answer] summary")  # answering at once is a folded step
        officer.fill("#text-answer", "Lampu sudah diganti oleh petugas, konfirmasi ke Bapak Joko 081244455566.")
        officer.click("button[data-action=answer]")
        assert Complaint.objects.get(tracking_code=code).status == Status.ANSWERED
        visitor.goto(f"{base}/laporan/{code}/")
        assert "Lampu sudah diganti" in visitor.inner_text("[data-testid=public-timeline]")
        # Read by anyone, the status names the reporter instead of addressing "you".
        assert visitor.inner_text("[data-testid=public-status]") == "Dijawab, menunggu konfirmasi pelapor"
        visitor.screenshot(path=artifacts / "public-report-answered.png", full_page=True)
        reporter.goto(f"{base}/laporan/{code}/")
        assert "Lampu sudah diganti" in reporter.inner_text("[data-testid=public-timeline]")
        assert reporter.evaluate("() => document.documentElement.scrollWidth") <= 360
        reporter.screenshot(path=artifacts / "public-report-answered-phone.png", full_page=True)
        answer = [m for m in mailbox.messages if SUBSCRIBER in m["To"] and "Lampu sudah diganti" in m.get_content()]
        assert len(answer) == 1
        assert "menunggu konfirmasi pelapor" in answer[0].get_content()
        assert "konfirmasi Anda" not in answer[0].get_content()

        # No identity or masked number on any public page, feed or message to others.
        pages = [
            visitor.content(),
            visitor.goto(f"{base}/laporan/").text(),
            visitor.goto(f"{base}/umpan/laporan.atom").text(),
        ]
        pages += [visitor.goto(f"{base}/laporan/peta.json").text()]
        pages += [m.as_string() for m in mailbox.messages if "rahma.pelapor" not in m["To"]]
        for text in pages:
            for value in IDENTITY:
                assert value not in text
