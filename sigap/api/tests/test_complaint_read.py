"""Reading and acting on complaints through the API follows the same role rules as the back office."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sigap.api.tests.base import ApiTestCase
from sigap.apikeys.scopes import Scope
from sigap.apikeys.services import apikey_create
from sigap.complaints.models import ComplaintEvent
from sigap.complaints.workflow import Action, Status


def photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(out, format="PNG")
    return SimpleUploadedFile("bukti.png", out.getvalue(), content_type="image/png")


class VisibilityTest(ApiTestCase):
    def setUp(self):
        self.roads_case, _ = self.submit()
        self.advance(self.roads_case, Action.VERIFY, Action.DISPATCH)
        self.health_case, _ = self.submit(category=self.health, title="Antrean puskesmas")

    def codes(self, key):
        response = self.api_get("/complaints", key)
        self.assertEqual(response.status_code, 200, response.content)
        return {item["tracking_code"] for item in response.json()["items"]}

    def test_the_administrator_lists_every_case_of_the_city(self):
        self.assertEqual(self.codes(self.admin_key), {self.roads_case.tracking_code, self.health_case.tracking_code})

    def test_an_opd_officer_lists_only_the_cases_their_opd_holds(self):
        self.assertEqual(self.codes(self.petugas_key), {self.roads_case.tracking_code})

    def test_the_inspektorat_reads_every_case(self):
        self.assertEqual(len(self.codes(self.inspektur_key)), 2)

    def test_another_officer_gets_404_for_a_case_outside_their_opd(self):
        _k, key_b = apikey_create(
            name="Dinkes", jurisdiction=self.city, scopes=[Scope.COMPLAINTS_READ], user=self.petugas_b, actor=None
        )
        response = self.api_get(f"/complaints/{self.roads_case.tracking_code}", key_b)
        self.assert_error_shape(response, 404, "not_found")

    def test_a_key_sees_only_its_own_jurisdiction_even_if_its_user_has_more(self):
        from sigap.accounts.models import Role
        from sigap.accounts.services import role_grant

        role_grant(user=self.admin_lain, role=Role.COMPLAINT_ADMIN, jurisdiction=self.city, actor=None)
        _k, key = apikey_create(
            name="Kota Lain", jurisdiction=self.other_city, scopes=[Scope.COMPLAINTS_READ], user=self.admin_lain,
            actor=None,
        )  # fmt: skip
        self.assertEqual(self.codes(key), set())

    def test_a_key_without_a_staff_member_cannot_read(self):
        response = self.api_get("/complaints", self.app_key)
        self.assert_error_shape(response, 403, "scope_missing")

    def test_anonymous_callers_cannot_list(self):
        self.assert_error_shape(self.api_get("/complaints"), 401, "unauthenticated")

    def test_a_staff_session_reads_like_the_back_office(self):
        self.client.force_login(self.petugas_a)
        response = self.client.get("/api/v1/complaints")
        self.assertEqual({i["tracking_code"] for i in response.json()["items"]}, {self.roads_case.tracking_code})

    def test_a_reporter_account_session_is_not_staff(self):
        self.client.force_login(self.warga)
        self.assert_error_shape(self.client.get("/api/v1/complaints"), 401)

    def test_no_identity_appears_in_case_output(self):
        response = self.api_get(f"/complaints/{self.roads_case.tracking_code}", self.admin_key)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Budi", response.content.decode())
        self.assertEqual(response.json()["available_actions"], [])
        self.assertEqual(response.json()["opd"], {"code": "dpupr", "name": "Dinas Pekerjaan Umum"})

    def test_the_list_takes_a_fixed_number_of_queries(self):
        for _ in range(5):
            self.submit()
        self.api_get("/complaints", self.admin_key)  # warm the key's last-used stamp
        with self.assertNumQueries(2):
            # the address's wrong-key counter (shared by every server) with the reference token in
            # the same statement (the key and its user's roles are kept by the process while it
            # holds), one page of cases; nothing per row
            response = self.api_get("/complaints?limit=100", self.admin_key)
        self.assertEqual(len(response.json()["items"]), 7)


class PaginationAndFiltersTest(ApiTestCase):
    def test_cursor_pages_cover_every_case_once(self):
        made = {self.submit()[0].tracking_code for _ in range(7)}
        seen, cursor = [], None
        while True:
            query = f"/complaints?limit=3{'&cursor=' + cursor if cursor else ''}"
            page = self.api_get(query, self.admin_key).json()
            seen += [i["tracking_code"] for i in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        self.assertEqual(sorted(seen), sorted(made))
        self.assertEqual(len(seen), 7)

    def test_a_forged_cursor_is_a_field_error(self):
        data = self.assert_error_shape(self.api_get("/complaints?cursor=bm9wZQ", self.admin_key), 422)
        self.assertIn("cursor", data["fields"])

    def test_filters_combine(self):
        roads, _ = self.submit()
        self.submit(category=self.health)
        self.advance(roads, Action.VERIFY)
        items = self.api_get("/complaints?status=verified&category=jalan", self.admin_key).json()["items"]
        self.assertEqual([i["tracking_code"] for i in items], [roads.tracking_code])
        self.assertEqual(len(self.api_get("/complaints?status=open", self.admin_key).json()["items"]), 2)
        bad = self.assert_error_shape(self.api_get("/complaints?status=melayang", self.admin_key), 422)
        self.assertIn("status", bad["fields"])


class TransitionTest(ApiTestCase):
    def setUp(self):
        self.case, _ = self.submit()

    def act(self, key, action, **body):
        return self.api_post(f"/complaints/{self.case.tracking_code}/transitions", {"action": action, **body}, key)

    def test_the_administrator_verifies_and_dispatches(self):
        response = self.act(self.admin_key, "verify")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "verified")
        response = self.act(self.admin_key, "dispatch", opd="dpupr")
        self.assertEqual(response.json()["status"], "dispatched")
        event = ComplaintEvent.objects.filter(complaint=self.case, action="dispatch").get()
        self.assertEqual(event.actor, self.admin)

    def test_an_officer_answers_the_case_their_opd_holds(self):
        self.advance(self.case, Action.VERIFY, Action.DISPATCH)
        response = self.act(self.petugas_key, "answer", text="Sudah ditambal.")
        self.assertEqual(response.json()["status"], Status.ANSWERED)

    def test_an_officer_cannot_verify(self):
        self.advance(self.case, Action.VERIFY, Action.DISPATCH)
        self.assert_error_shape(self.act(self.petugas_key, "verify"), 403, "forbidden")

    def test_the_inspektorat_reads_but_cannot_act(self):
        self.assert_error_shape(self.act(self.inspektur_key, "verify"), 403, "scope_missing")

    def test_a_transition_the_status_does_not_allow_is_a_conflict(self):
        self.assert_error_shape(self.act(self.admin_key, "dispatch", opd="dpupr"), 409, "transition_not_allowed")

    def test_a_missing_reason_is_explained(self):
        self.assert_error_shape(self.act(self.admin_key, "archive", archive_reason="spam"), 409)
        self.assertEqual(self.act(self.admin_key, "archive", archive_reason="spam", text="Iklan").status_code, 200)

    def test_a_nul_character_in_the_text_is_refused_naming_the_field(self):
        self.advance(self.case, Action.VERIFY, Action.DISPATCH)
        data = self.assert_error_shape(self.act(self.petugas_key, "answer", text="Sudah\x00 ditambal."), 422, "invalid")
        self.assertEqual(data["fields"], {"text": ["Teks tidak boleh memuat karakter NUL."]})
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Status.DISPATCHED)

    def test_sessions_need_the_csrf_token_for_actions(self):
        browser = self.client_class(enforce_csrf_checks=True)
        browser.force_login(self.admin)
        response = browser.post(
            f"/api/v1/complaints/{self.case.tracking_code}/transitions",
            {"action": "verify"},
            content_type="application/json",
        )
        self.assert_error_shape(response, 403, "csrf_failed")
        token = "k" * 32
        browser.cookies["csrftoken"] = token
        response = browser.post(
            f"/api/v1/complaints/{self.case.tracking_code}/transitions",
            {"action": "verify"},
            content_type="application/json",
            HTTP_X_CSRFTOKEN=token,
        )
        self.assertEqual(response.status_code, 200, response.content)


class IdentityTest(ApiTestCase):
    def test_the_administrator_reads_the_identity_and_the_read_is_logged(self):
        case, _ = self.submit(is_confidential=True)
        response = self.api_get(f"/complaints/{case.tracking_code}/reporter", self.admin_key)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["name"], "Budi Santoso")
        self.assertEqual(response["Cache-Control"], "no-store")
        view = ComplaintEvent.objects.get(complaint=case, kind=ComplaintEvent.Kind.IDENTITY_VIEW)
        self.assertEqual(view.actor, self.admin)

    def test_an_officer_never_reads_a_confidential_identity(self):
        case, _ = self.submit(is_confidential=True)
        self.advance(case, Action.VERIFY, Action.DISPATCH)
        response = self.api_get(f"/complaints/{case.tracking_code}/reporter", self.petugas_key)
        self.assert_error_shape(response, 403)
        self.assertFalse(ComplaintEvent.objects.filter(kind=ComplaintEvent.Kind.IDENTITY_VIEW).exists())

    def test_the_inspektorat_never_reads_identities(self):
        case, _ = self.submit()
        self.assert_error_shape(self.api_get(f"/complaints/{case.tracking_code}/reporter", self.inspektur_key), 403)

    def test_an_anonymous_case_has_no_identity_to_read(self):
        case, _ = self.submit(is_anonymous=True, reporter=None)
        self.assert_error_shape(self.api_get(f"/complaints/{case.tracking_code}/reporter", self.admin_key), 403)


class TimelineAndAttachmentsTest(ApiTestCase):
    def test_staff_see_internal_notes_in_the_timeline(self):
        from sigap.complaints.services import complaint_add_note

        case, _ = self.submit()
        complaint_add_note(complaint=case, actor=self.admin, acting_as="complaint_admin", body="Cek lokasi dulu")
        events = self.api_get(f"/complaints/{case.tracking_code}/timeline", self.admin_key).json()["events"]
        self.assertEqual([e["kind"] for e in events], ["created", "note"])
        self.assertFalse(events[1]["is_public"])

    def test_staff_acting_on_the_case_upload_and_download_files(self):
        case, _ = self.submit()
        response = self.client.post(
            f"/api/v1/complaints/{case.tracking_code}/attachments",
            {"files": [photo()], "internal": "true"},
            **self.auth(self.admin_key),
        )
        self.assertEqual(response.status_code, 201, response.content)
        item = response.json()["items"][0]
        self.assertTrue(item["is_internal"])
        download = self.client.get(item["url"], **self.auth(self.admin_key))
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download["Content-Type"], "image/png")
        listed = self.api_get(f"/complaints/{case.tracking_code}/attachments", self.inspektur_key).json()
        self.assertEqual(len(listed["items"]), 1)

    def test_a_disguised_script_is_refused(self):
        case, _ = self.submit()
        fake = SimpleUploadedFile("foto.png", b"<?php echo 1; ?>", content_type="image/png")
        response = self.client.post(
            f"/api/v1/complaints/{case.tracking_code}/attachments", {"files": [fake]}, **self.auth(self.admin_key)
        )
        self.assert_error_shape(response, 422)
        self.assertFalse(case.attachments.exists())

    def test_readers_cannot_upload(self):
        case, _ = self.submit()
        response = self.client.post(
            f"/api/v1/complaints/{case.tracking_code}/attachments",
            {"files": [photo()]},
            **self.auth(self.inspektur_key),
        )
        self.assert_error_shape(response, 403)


class ReferenceAndErrorsTest(ApiTestCase):
    def test_reference_data_is_public(self):
        categories = self.api_get("/categories?jurisdiction=contoh.go.id", HTTP_ACCEPT_LANGUAGE="en").json()
        self.assertIn(
            {"code": "jalan", "name": "Damaged roads"}, [{k: c[k] for k in ("code", "name")} for c in categories]
        )
        self.assertEqual(
            {o["code"] for o in self.api_get("/opds?jurisdiction=kota-contoh").json()}, {"dpupr", "dinkes"}
        )
        self.assertEqual(self.api_get("/services?jurisdiction=kota-contoh").json()[0]["code"], "pbg")
        slugs = {j["slug"] for j in self.api_get("/jurisdictions").json()}
        self.assertEqual(slugs, {"kota-contoh", "kota-lain"})

    def test_unknown_jurisdiction_is_404_in_the_error_shape(self):
        self.assert_error_shape(self.api_get("/categories?jurisdiction=atlantis"), 404, "not_found")

    def test_unknown_paths_and_methods_keep_the_error_shape(self):
        self.assert_error_shape(self.api_get("/tidak-ada"), 404, "not_found")
        response = self.client.delete("/api/v1/jurisdictions")
        self.assert_error_shape(response, 405, "method_not_allowed")

    def test_the_openapi_document_and_docs_are_served(self):
        schema = self.client.get("/api/v1/openapi.json").json()
        self.assertIn("/api/v1/complaints", schema["paths"])
        self.assertEqual(self.client.get("/api/v1/docs").status_code, 200)


class MalformedBodyTest(ApiTestCase):
    def test_multipart_without_a_boundary_is_400_not_500(self):
        """Found by schemathesis: Django's multipart parser error must not become a server error."""
        case, _ = self.submit()
        response = self.client.generic(
            "POST",
            f"/api/v1/complaints/{case.tracking_code}/attachments",
            b"x",
            content_type="multipart/form-data",
            **self.auth(self.admin_key),
        )
        self.assert_error_shape(response, 400, "bad_request")


class EveryRoleTest(ApiTestCase):
    """One permission check per persona for reading a case and its reporter (staff sessions)."""

    # persona: (case status code, reporter identity status code) for a dispatched, non-confidential case of OPD A
    EXPECTED = {
        "admin": (200, 200),
        "petugas_a": (200, 200),
        "kepala_a": (200, 200),
        "focal_a": (200, 403),
        "petugas_b": (404, 404),
        "inspektur": (200, 403),
        "ombudsman": (200, 403),
        "admin_lain": (404, 404),
        "sysadmin": (401, 401),
        "warga": (401, 401),
    }

    def test_each_role_reads_what_docs_roles_md_allows(self):
        case, _ = self.submit()
        self.advance(case, Action.VERIFY, Action.DISPATCH)
        for persona, (case_status, identity_status) in self.EXPECTED.items():
            with self.subTest(persona=persona):
                self.client.force_login(getattr(self, persona))
                detail = self.client.get(f"/api/v1/complaints/{case.tracking_code}")
                self.assertEqual(detail.status_code, case_status, detail.content)
                identity = self.client.get(f"/api/v1/complaints/{case.tracking_code}/reporter")
                self.assertEqual(identity.status_code, identity_status, identity.content)
                self.client.logout()
        views = ComplaintEvent.objects.filter(complaint=case, kind=ComplaintEvent.Kind.IDENTITY_VIEW)
        self.assertEqual({e.actor.username for e in views}, {"admin", "petugas_a", "kepala_a"})


class SecondFactorTest(ApiTestCase):
    def test_a_session_without_the_second_factor_is_no_staff_session_where_2fa_is_on(self):
        from django.test import Client

        # A plain client signs in with the password only: no second factor was ever checked.
        half_signed_in = Client()
        half_signed_in.force_login(self.admin)
        self.assert_error_shape(half_signed_in.get("/api/v1/complaints"), 401, "unauthenticated")
        # The suite's own client completes sign-in the way the site requires.
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get("/api/v1/complaints").status_code, 200)


class TextFilterTest(ApiTestCase):
    """`q` is the inbox's search: stemmed Indonesian words and tracking codes, not a LIKE scan."""

    def setUp(self):
        self.slow, _ = self.submit(
            title="Petugas loket tidak mau melayani",
            description="Saya datang jam sembilan tetapi petugas tidak melayani warga dan sibuk bermain ponsel.",
        )
        self.road, _ = self.submit()

    def codes(self, q: str) -> list[str]:
        response = self.api_get(f"/complaints?q={q}", self.admin_key)
        self.assertEqual(response.status_code, 200)
        return [item["tracking_code"] for item in response.json()["items"]]

    def test_another_form_of_the_word_finds_the_case(self):
        # "pelayanan" and "melayani" share the stem "layan"; a substring search finds nothing.
        self.assertEqual(self.codes("pelayanan"), [self.slow.tracking_code])

    def test_a_tracking_code_finds_its_case(self):
        self.assertEqual(self.codes(self.road.tracking_code), [self.road.tracking_code])
