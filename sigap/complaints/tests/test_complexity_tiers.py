"""Complexity tiers: a jurisdiction's own completion limits by how complex a complaint is.

No national regulation sets such tiers (docs/legal-sources.md, "Complexity tiers"); local service standards published on
SIPPN do, e.g. ringan 2, normatif 5, tidak berkadar pengawasan 14, berkadar pengawasan 60 working days. Without
tiers the follow-up limit stays UU 25/2009 Pasal 50 ayat (1) (60 days from the complete file). Working days per
the SKB 3 Menteri 2026 (1497/2025, 2/2025, 5/2025; legal-sources §8): 16 Jun (1 Muharam), 17 Aug, 25 Aug (Maulid),
24 Dec (cuti bersama Natal) and 25 Dec (Natal) are off. The day the clock starts is not counted.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.urls import reverse

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.services import TransitionError, complaint_transition
from sigap.complaints.workflow import Action, Actor
from sigap.escalation.holidays import holiday_override_save, jurisdiction_set_works_on_cuti_bersama
from sigap.organisations.models import ComplexityTier
from sigap.sla.models import HolidayOverride
from sigap.test import BaseTestCase

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def completion_day(case: Complaint) -> date:
    case.refresh_from_db()
    assert case.completion_due_at is not None
    return case.completion_due_at.astimezone(WIB).date()


class TierTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        source = "Standar pelayanan pengaduan (SIPPN), not a national regulation"
        cls.tiers = {
            code: ComplexityTier.objects.create(
                jurisdiction=cls.city, code=code, name=name, days=days, source=source, position=i
            )
            for i, (code, name, days) in enumerate(
                [
                    ("sederhana", "Sederhana", 2),
                    ("sedang", "Sedang", 5),
                    ("kompleks", "Kompleks", 14),
                    ("sangat-kompleks", "Sangat kompleks", 60),
                ]
            )
        }

    def received(self, at: datetime) -> Complaint:
        from sigap.complaints.services import ReporterDetails, Submission, complaint_submit

        complaint, _secret = complaint_submit(
            submission=Submission(
                jurisdiction=self.city,
                title="Jalan berlubang di Jl. Merdeka",
                description="Lubang besar di depan sekolah sudah dua minggu membahayakan pengendara motor.",
                category=self.roads,
                reporter=ReporterDetails(name="Budi Santoso"),
            ),
            now=at,
        )
        return complaint

    def verify(self, case: Complaint, at: datetime, tier: ComplexityTier | None = None) -> Complaint:
        return complaint_transition(
            complaint=case, action=Action.VERIFY, actor=self.admin, acting_as=Actor.ADMIN, complexity_tier=tier, now=at
        )


class TierDeadlineTest(TierTestCase):
    def test_each_tier_counts_its_own_working_days_from_verification(self):
        """Verified Mon 7 Dec 2026:
        - sederhana 2: Tue 8, Wed 9 → Wed 9 Dec;
        - sedang 5: 8, 9, 10, 11, Mon 14 → Mon 14 Dec;
        - kompleks 14: 8–11 (4), 14–18 (9), 21–23 (12), 24 cuti bersama and 25 Natal off, Mon 28 (13), Tue 29 (14)
          → Tue 29 Dec."""
        expected = {"sederhana": date(2026, 12, 9), "sedang": date(2026, 12, 14), "kompleks": date(2026, 12, 29)}
        for code, day in expected.items():
            with self.subTest(code):
                case = self.verify(self.received(wib(2026, 12, 7, 8)), wib(2026, 12, 7, 10), self.tiers[code])
                self.assertEqual(completion_day(case), day)
                self.assertEqual(case.complexity_tier, self.tiers[code])

    def test_the_longest_tier_counts_sixty_working_days(self):
        """Verified Mon 1 Jun 2026, 60 working days: June 2–5 (4), 8–12 (9), 15, 17–19 (13; 16 Jun 1 Muharam),
        22–26 (18), 29–30 (20); July 1–3 (23), 6–10 (28), 13–17 (33), 20–24 (38), 27–31 (43); August 3–7 (48),
        10–14 (53), 18–21 (57; 17 Aug off), 24 (58), 26 (59; 25 Aug Maulid), Thu 27 (60) → Thu 27 Aug 2026."""
        case = self.verify(self.received(wib(2026, 6, 1, 8)), wib(2026, 6, 1, 10), self.tiers["sangat-kompleks"])
        self.assertEqual(completion_day(case), date(2026, 8, 27))

    def test_without_tiers_the_follow_up_limit_is_unchanged(self):
        """UU 25/2009 Pasal 50 ayat (1): 60 days (seeded as calendar days).
        Verified Mon 7 Dec 2026: 24 days to 31 Dec, 31 in January (55), 5 in February → Fri 5 Feb 2027."""
        case = self.verify(self.received(wib(2026, 12, 7, 8)), wib(2026, 12, 7, 10))
        self.assertIsNone(case.complexity_tier)
        self.assertEqual(completion_day(case), date(2027, 2, 5))

    def test_the_category_default_applies_unless_the_administrator_chooses(self):
        self.roads.default_tier = self.tiers["sedang"]
        self.roads.save()
        by_default = self.verify(self.received(wib(2026, 12, 7, 8)), wib(2026, 12, 7, 10))
        self.assertEqual(by_default.complexity_tier, self.tiers["sedang"])
        self.assertEqual(completion_day(by_default), date(2026, 12, 14))
        chosen = self.verify(self.received(wib(2026, 12, 7, 8)), wib(2026, 12, 7, 10), self.tiers["sederhana"])
        self.assertEqual(completion_day(chosen), date(2026, 12, 9))

    def test_the_verification_event_records_the_tier(self):
        case = self.verify(self.received(wib(2026, 12, 7, 8)), wib(2026, 12, 7, 10), self.tiers["kompleks"])
        event = ComplaintEvent.objects.get(complaint=case, action=Action.VERIFY)
        self.assertEqual(event.data["complexity_tier"], {"name": "Kompleks", "days": 14, "counting": "working"})
        self.assertEqual(event.data["changes"]["complexity_tier"], [None, self.tiers["kompleks"].pk])

    def test_a_tier_of_another_jurisdiction_or_switched_off_is_refused(self):
        foreign = ComplexityTier.objects.create(jurisdiction=self.other_city, code="x", name="Lain", days=3)
        retired = ComplexityTier.objects.create(
            jurisdiction=self.city, code="lama", name="Lama", days=3, is_active=False
        )
        for tier in (foreign, retired):
            with self.subTest(tier.name), self.assertRaises(TransitionError):
                self.verify(self.received(wib(2026, 12, 7, 8)), wib(2026, 12, 7, 10), tier)

    def test_a_category_cannot_default_to_another_jurisdictions_tier(self):
        self.roads.default_tier = ComplexityTier.objects.create(
            jurisdiction=self.other_city, code="x", name="X", days=3
        )
        with self.assertRaises(ValidationError):
            self.roads.full_clean()


class TierHolidayTest(TierTestCase):
    def test_a_new_holiday_moves_a_tiered_deadline_by_the_tiers_days(self):
        """Sederhana (2 working days) verified Mon 7 Dec 2026 is due Wed 9 Dec; with a holiday added on Wed 9 Dec:
        Tue 8, Thu 10 → Thu 10 Dec. The untiered case (60 calendar days) does not move."""
        tiered = self.verify(self.received(wib(2026, 12, 7, 8)), wib(2026, 12, 7, 10), self.tiers["sederhana"])
        untiered = self.verify(self.received(wib(2026, 12, 7, 8)), wib(2026, 12, 7, 10))
        holiday_override_save(
            override=HolidayOverride(date=date(2026, 12, 9), name="Pemungutan suara"), actor=self.admin
        )
        self.assertEqual(completion_day(tiered), date(2026, 12, 10))
        self.assertEqual(completion_day(untiered), date(2027, 2, 5))

    def test_working_on_cuti_bersama_shortens_the_kompleks_tier(self):
        """Kompleks (14) verified Mon 7 Dec 2026: Tue 29 Dec; when the city works on cuti bersama, Thu 24 Dec is day
        13 and Mon 28 Dec day 14 → Mon 28 Dec."""
        case = self.verify(self.received(wib(2026, 12, 7, 8)), wib(2026, 12, 7, 10), self.tiers["kompleks"])
        jurisdiction_set_works_on_cuti_bersama(jurisdiction=self.city, works_on_cuti_bersama=True, actor=self.admin)
        self.assertEqual(completion_day(case), date(2026, 12, 28))


class TierCasePageTest(TierTestCase):
    def test_the_administrator_chooses_the_tier_when_verifying(self):
        case = self.received(wib(2026, 12, 7, 8))
        self.client.force_login(self.admin)
        page = self.client.get(reverse("backoffice:case", args=[case.tracking_code]))
        self.assertContains(page, 'name="complexity_tier"')
        self.client.post(
            reverse("backoffice:transition", args=[case.tracking_code, "verify"]),
            {"complexity_tier": self.tiers["kompleks"].pk},
        )
        case.refresh_from_db()
        self.assertEqual(case.complexity_tier, self.tiers["kompleks"])
        page = self.client.get(reverse("backoffice:case", args=[case.tracking_code]))
        self.assertContains(page, "Kompleks (14")

    def test_a_city_without_tiers_sees_no_tier_field(self):
        ComplexityTier.objects.filter(jurisdiction=self.city).delete()
        case = self.received(wib(2026, 12, 7, 8))
        self.client.force_login(self.admin)
        page = self.client.get(reverse("backoffice:case", args=[case.tracking_code]))
        self.assertNotContains(page, 'name="complexity_tier"')
