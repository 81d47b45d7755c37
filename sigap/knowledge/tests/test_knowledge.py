"""The guidance library and the approved response templates officers use from a case."""

from __future__ import annotations

from django.urls import reverse

from sigap.audit.models import AuditEntry
from sigap.complaints.models import ResponseTemplate
from sigap.complaints.workflow import Action
from sigap.knowledge.models import Article
from sigap.knowledge.services import TemplateError, response_template_approve, response_template_save
from sigap.maladministration.kinds import Kind
from sigap.test import BaseTestCase


class GuidanceTest(BaseTestCase):
    def test_sigap_ships_guidance_for_every_form_of_maladministration(self):
        """The forms listed in Peraturan Ombudsman 26/2017 (sigap/maladministration/kinds.py)."""
        covered = set(
            Article.objects.filter(jurisdiction=None, language="id").values_list("maladministration", flat=True)
        )
        self.assertLessEqual(set(Kind.values), covered)
        self.assertTrue(Article.objects.filter(slug="standar-pelayanan", language="en").exists())

    def test_searching_finds_the_guidance_on_illegal_levies(self):
        self.client.force_login(self.petugas_a)
        response = self.client.get(reverse("knowledge:home"), {"q": "pungutan liar"})
        titles = [a.title for a in response.context["articles"]]
        self.assertEqual(titles[0], "Permintaan imbalan uang, barang atau jasa")

    def test_a_search_with_no_match_says_so(self):
        self.client.force_login(self.petugas_a)
        response = self.client.get(reverse("knowledge:home"), {"q": "zzzqqq"})
        self.assertEqual(list(response.context["articles"]), [])

    def test_local_guidance_of_another_city_is_not_shown(self):
        Article.objects.create(
            jurisdiction=self.other_city, topic="local", slug="lokal", title="Panduan Kota Lain", body="x"
        )
        self.client.force_login(self.petugas_a)
        response = self.client.get(reverse("knowledge:home"))
        self.assertNotIn("Panduan Kota Lain", [a.title for a in response.context["articles"]])
        other = Article.objects.get(slug="lokal")
        self.assertEqual(self.client.get(reverse("knowledge:article", args=[other.pk])).status_code, 404)


class TemplateApprovalTest(BaseTestCase):
    def test_a_new_text_waits_for_another_administrator(self):
        template = response_template_save(
            jurisdiction=self.city,
            title="Jalan",
            body="Lubang sudah ditambal.",
            language="id",
            category=self.roads,
            actor=self.admin,
        )
        self.assertIsNone(template.approved_at)
        with self.assertRaises(TemplateError):
            response_template_approve(template=template, actor=self.admin)

    def test_an_opd_head_drafts_and_the_administrator_approves_audited(self):
        self.client.force_login(self.kepala_a)
        self.client.post(
            reverse("knowledge:template_new"),
            {"title": "Jalan ditambal", "category": self.roads.pk, "language": "id", "body": "Lubang sudah ditambal."},
        )
        template = ResponseTemplate.objects.get(title="Jalan ditambal")
        self.assertEqual(self.client.post(reverse("knowledge:template_approve", args=[template.pk])).status_code, 403)
        self.client.force_login(self.admin)
        self.client.post(reverse("knowledge:template_approve", args=[template.pk]))
        template.refresh_from_db()
        self.assertEqual(template.approved_by, self.admin)
        self.assertEqual(
            list(
                AuditEntry.objects.filter(object_id=str(template.pk), action__startswith="template.").values_list(
                    "action", "actor__username"
                )
            ),
            [("template.approve", "admin"), ("template.save", "kepala_a")],
        )

    def test_changing_an_approved_text_takes_it_off_the_case_pages_until_approved_again(self):
        template = response_template_save(
            jurisdiction=self.city, title="A", body="Teks lama.", language="id", category=None, actor=self.kepala_a
        )
        response_template_approve(template=template, actor=self.admin)
        response_template_save(
            jurisdiction=self.city,
            title="A",
            body="Teks baru.",
            language="id",
            category=None,
            actor=self.kepala_a,
            template=template,
        )
        template.refresh_from_db()
        self.assertIsNone(template.approved_at)

    def test_officers_and_other_cities_cannot_edit_templates(self):
        template = response_template_save(
            jurisdiction=self.city, title="A", body="Teks.", language="id", category=None, actor=self.kepala_a
        )
        for user in (self.petugas_a, self.inspektur):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse("knowledge:template_new")).status_code, 403)
        for user in (self.petugas_a, self.inspektur, self.admin_lain):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(
                    self.client.get(reverse("knowledge:template_edit", args=[template.pk])).status_code, 404
                )
                url = reverse("knowledge:template_approve", args=[template.pk])
                self.assertEqual(self.client.post(url).status_code, 404)


class TemplateUseFromCaseTest(BaseTestCase):
    def make(self, title, *, category=None, language="id", approve=True):
        template = response_template_save(
            jurisdiction=self.city,
            title=title,
            body=f"Isi {title}.",
            language=language,
            category=category,
            actor=self.kepala_a,
        )
        if approve:
            response_template_approve(template=template, actor=self.admin)
        return template

    def test_the_case_page_offers_only_approved_templates_for_its_category_and_language(self):
        self.make("Jalan disetujui", category=self.roads)
        self.make("Umum disetujui")
        self.make("Jalan belum disetujui", category=self.roads, approve=False)
        self.make("Puskesmas", category=self.health)
        self.make("Roads (English)", category=self.roads, language="en")
        case = self.advance(self.submit()[0], Action.VERIFY, Action.DISPATCH)
        self.client.force_login(self.petugas_a)
        response = self.client.get(reverse("backoffice:case", args=[case.tracking_code]))
        self.assertEqual([t.title for t in response.context["templates"]], ["Jalan disetujui", "Umum disetujui"])
        self.assertContains(response, 'data-body="Isi Jalan disetujui."')

    def test_an_english_speaking_reporter_is_offered_the_english_templates(self):
        self.make("Jalan disetujui", category=self.roads)
        self.make("Roads (English)", category=self.roads, language="en")
        case = self.advance(self.submit(language="en")[0], Action.VERIFY, Action.DISPATCH)
        self.client.force_login(self.petugas_a)
        response = self.client.get(reverse("backoffice:case", args=[case.tracking_code]))
        self.assertEqual([t.title for t in response.context["templates"]], ["Roads (English)"])


class PagePermissionTest(BaseTestCase):
    def test_every_staff_role_reads_the_library_and_templates_reporters_do_not(self):
        pages = [reverse("knowledge:home"), reverse("knowledge:templates"), reverse("training:home")]
        article = Article.objects.filter(jurisdiction=None).first()
        pages.append(reverse("knowledge:article", args=[article.pk]))
        staff = (
            self.admin,
            self.petugas_a,
            self.kepala_a,
            self.petugas_b,
            self.focal_a,
            self.inspektur,
            self.ombudsman,
        )
        for user in (*staff, self.admin_lain, self.kepegawaian, self.kepegawaian_lain):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                for url in pages:
                    self.assertEqual(self.client.get(url).status_code, 200, url)
        self.client.force_login(self.warga)
        for url in pages:
            self.assertEqual(self.client.get(url).status_code, 403, url)
        self.client.logout()
        for url in pages:
            self.assertEqual(self.client.get(url).status_code, 302, url)
