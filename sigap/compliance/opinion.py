"""The qualifier of the Ombudsman's opinion, computed from the follow-up of its products that Sigap tracks.

The 2025 Opini gives "Kualitas Sedang Tanpa Maladministrasi" (Pemprov Maluku Utara, 65.98) and "Kualitas Sedang"
(Kab. Halmahera Utara, 69.63) for scores in the same band: the Ombudsman's Maluku Utara office explained that the
first had received and followed up the Ombudsman's products (LHP, analysis report, recommendation) to the end
(docs/legal-sources.md §5f). Sigap knows two of those products: the LHP with its corrective action and the
recommendation (sigap.ombudsman). Per report whose LHP was issued in the year:

- followed up: closed as corrective action carried out, or recommendation implemented;
- not followed up: the LHP's time ran out (resolution and monitoring, PerOmbudsman 58/2023 Pasal 54(1)), a
  recommendation not implemented, or a recommendation whose 60 days ran out (UU 37/2008 Pasal 38(2));
- pending: the LHP or recommendation is still within its time (or waiting for its receipt).

The qualifier is data (`Qualifier`): whether a pending product withholds it and whether a year without products
earns it are its fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from sigap.compliance.models import Qualifier, QualifierRule
from sigap.compliance.scoring import BandSpec
from sigap.organisations.models import Jurisdiction
from sigap.sla import deadlines


@dataclass(frozen=True)
class FollowUp:
    followed_up: int = 0
    pending: int = 0
    not_followed_up: int = 0

    @property
    def issued(self) -> int:
        return self.followed_up + self.pending + self.not_followed_up


def product_followup(*, jurisdiction: Jurisdiction, year: int, now: datetime | None = None) -> FollowUp:
    """Count the LHPs issued to the jurisdiction in `year` (its local calendar year) by how they were followed up."""
    from sigap.ombudsman.models import Report
    from sigap.ombudsman.workflow import Outcome, Status

    now = now or timezone.now()
    start = deadlines.end_of_day(datetime(year - 1, 12, 31).date(), jurisdiction)
    end = deadlines.end_of_day(datetime(year, 12, 31).date(), jurisdiction)
    reports = Report.objects.filter(jurisdiction=jurisdiction, lhp_at__gt=start, lhp_at__lte=end)
    done = Q(outcome__in=[Outcome.CORRECTED, Outcome.RECOMMENDATION_DONE])
    missed = (
        Q(outcome=Outcome.RECOMMENDATION_IGNORED)
        | Q(status=Status.MONITORING)
        | Q(status__in=[Status.LHP, Status.RECOMMENDATION], due_at__lt=now)
    )
    running = Q(status__in=[Status.LHP, Status.RECOMMENDATION]) & (Q(due_at__isnull=True) | Q(due_at__gte=now))
    return FollowUp(
        followed_up=reports.filter(done).count(),
        pending=reports.filter(running).count(),
        not_followed_up=reports.filter(missed).count(),
    )


def qualifier_given(qualifier: Qualifier, followup: FollowUp) -> bool:
    if qualifier.rule != QualifierRule.PRODUCTS_FOLLOWED_UP:
        return False
    if followup.issued == 0:
        return qualifier.without_products
    return followup.not_followed_up == 0 and not (qualifier.pending_withholds and followup.pending)


def opinion_label(band: BandSpec | None, qualifiers: Sequence[Qualifier], followup: FollowUp) -> str:
    """The band's predicate followed by every qualifier the follow-up earns, e.g. "Opini Kualitas Sedang Tanpa
    Maladministrasi"; empty without a band."""
    if band is None:
        return ""
    return " ".join([band.predicate, *(q.text for q in qualifiers if qualifier_given(q, followup))])
