"""Every page of every role, as a person sees it: desktop (1366 px) and phone (360 px), Indonesian and English.

For each role the pages it may open (the permission matrix's GET column) are loaded in Chromium and fail on:
- an interactive control covered at its centre or outside the screen's width, text boxes drawn over each
  other, table cells cut off (sigap.web.tests.layout);
- English sentences of the catalogue on an Indonesian page, and raw choice codes ("own_office") where a
  label exists;
- any console error, or any request to Sigap itself that fails.
That the figures agree between pages is checked on the same data by sigap.dashboards.tests.test_figures_agree.

Part of `make test` on SQLite (the PostgreSQL pass skips it: the pages are the same), one test per role so
`-k officer` checks one role's pages; `make screenshots` runs it with SIGAP_SCREENSHOTS=docs/screenshots/sweep
and keeps one PNG per page × role × width.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from PIL import Image

from sigap.dashboards.rollups import rollups_rebuild
from sigap.oversight.models import Metric, WarningThreshold
from sigap.test import PASSWORD, BaseTestCase, Personas, browser_sign_in
from sigap.web.tests.layout import layout_problems
from sigap.web.tests.test_permission_matrix import MATRIX, allowed_words, url_for
from sigap.web.tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The roles a person signs in as, and the persona behind each (the matrix's words, own-OPD side).
ROLES = {
    "anon": None,
    "warga": "warga",
    "admin": "admin",
    "officer": "petugas_a",
    "head": "kepala_a",
    "focal": "focal_a",
    "insp": "inspektur",
    "omb": "ombudsman",
    "kepeg": "kepegawaian",
}
# Pages that are not pages: files, JSON, redirects after an action, the API and the system admin.
NOT_PAGES = re.compile(
    r"^(api-v1|open311|admin|set_language|accounts:logout)|"
    r":(accept|map|public_map|attachment|document|evidence_file|material|certificate|download|similar|lapor_export|"
    r"openapi-json|follow_add|identity)$"
)
PHONE, DESKTOP = {"width": 360, "height": 740}, {"width": 1366, "height": 900}


def english_sentences() -> list[str]:
    """The catalogue's English sentences whose Indonesian differs: none may show on an Indonesian page."""
    po = Path(settings.BASE_DIR) / "sigap" / "locale" / "id" / "LC_MESSAGES" / "django.po"
    found = []
    for msgid, msgstr in re.findall(r'\nmsgid "((?:[^"\\]|\\.)+)"\nmsgstr "((?:[^"\\]|\\.)*)"', po.read_text()):
        if msgid != msgstr and "%" not in msgid and "{" not in msgid and len(msgid.split()) >= 4:
            found.append(msgid.replace('\\"', '"'))
    return found


def raw_codes() -> set[str]:
    """Choice values that have a label and look like codes (own_office, complaint_admin)."""
    codes = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "choices", None) or []:
                if isinstance(value, str) and "_" in value and len(value) > 4:
                    codes.add(value)
    return codes


def sign_in(browser: Any, base: str, user: Any) -> Any:
    """Sign the persona in once (staff: with the second factor); return the browser state to reuse."""
    context = browser.new_context(viewport=DESKTOP)
    if user.roles.exists():
        browser_sign_in(context, base, user)
    else:
        page = context.new_page()
        page.goto(f"{base}/akun/masuk/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/pengaduan-saya/")
    state = context.storage_state()
    context.close()
    return state


def save(page: Any, path: Path) -> None:
    """A full-page screenshot in 64 colours: a gallery of hundreds of pages stays a few megabytes."""
    if page.locator("canvas[data-chart]").count():
        page.wait_for_timeout(1200)  # charts grow into place for a second: picture them as a person reads them
    image = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def pages_for(role: str, t: Any) -> list[tuple[str, str]]:
    words = {role, "filer"} if role == "warga" else {role}
    out = []
    for name, (read, _write) in MATRIX.items():
        if NOT_PAGES.search(name) or not words & allowed_words(read):
            continue
        out.append((name, url_for(name, t, t.own)))
    return out


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the pages are the same on PostgreSQL; run once")
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_the_role_reads_and_works_for_a_person(live_server, browser, role):
    t = SimpleNamespace(submit=BaseTestCase.submit, advance=BaseTestCase.advance)
    Personas.build(t)
    build_world(t)
    # Every OPD holding an open case is flagged, so the early-warning tables are drawn with rows.
    WarningThreshold.objects.create(jurisdiction=t.city, metric=Metric.OVERDUE_RATE, value=0, min_cases=1)
    rollups_rebuild(jurisdiction=t.city)
    base = live_server.url
    folder = os.environ.get("SIGAP_SCREENSHOTS")
    sentences, codes = english_sentences(), raw_codes()
    problems: dict[str, list[str]] = {}
    visited = 0

    persona = ROLES[role]
    pages = pages_for(role, t)
    state = sign_in(browser, base, getattr(t, persona)) if persona else None
    for language, sizes in (("id", (DESKTOP, PHONE)), ("en", (DESKTOP,))):
        for size in sizes:
            context = browser.new_context(viewport=size, locale=f"{language}-ID", storage_state=state)
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
            # Map tiles come from outside: answer them empty so a missing network is not an error here.
            context.route(re.compile(r"^(?!" + re.escape(base) + ")"), lambda route: route.fulfill(status=204))
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m, e=errors: m.type == "error" and e.append(f"console: {m.text}"))
            page.on("pageerror", lambda exc, e=errors: e.append(f"script error: {exc}"))
            page.on(
                "response",
                lambda r, e=errors: r.url.startswith(base) and r.status >= 400 and e.append(f"{r.status} {r.url}"),
            )
            for name, path in pages:
                errors.clear()
                page.goto(base + path)
                found = list(errors) + layout_problems(page, whole_page=True)
                if language == "id":
                    text = page.inner_text("body")
                    found += [f"English on an Indonesian page: {s!r}" for s in sentences if s in text]
                    words = set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text))
                    found += [f"raw code shown: {c!r}" for c in sorted(words & codes)]
                if found:
                    problems[f"{role} {name} {size['width']} {language}"] = found
                    print(f"{role} {name} {size['width']} {language}: {found}", flush=True)
                if folder and language == "id":
                    save(page, Path(folder) / f"{role}-{name.replace(':', '-')}-{size['width']}.png")
                visited += 1
            context.close()
    assert visited >= 3 * len(pages) > 0
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
