"""Clocks that count from the day the institution received a document.

UU 37/2008 Pasal 33(1) (written explanation: 14 days "sejak tanggal diterimanya permintaan penjelasan"),
Pasal 38(2) (the superior reports on a recommendation within 60 days "sejak tanggal diterimanya Rekomendasi")
and PerOmbudsman 58/2023 Pasal 54(1) (the LHP is followed up within 30 working days of its receipt) start
from receipt, not from sending. Sigap learns the receipt in one of three ways:

- ``sigap``: the institution's focal point or OPD head opened the request in Sigap (a read receipt);
- ``letter``: the requesting officer typed the date on the signed receipt of a paper letter (or of any
  other delivery the institution confirmed);
- ``presumed``: nothing was recorded within the jurisdiction's "receipt presumed after" days
  (``Jurisdiction.receipt_presumed_after_days``, else ``SIGAP_RECEIPT_PRESUMED_AFTER_DAYS``), so the
  clock counts from the sending date.

Until one of these is known the clock does not run and pages show "menunggu tanda terima".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.organisations.models import Jurisdiction
from sigap.sla import deadlines


class ReceiptVia(models.TextChoices):
    SIGAP = "sigap", gettext_lazy("Opened in Sigap by the institution")
    LETTER = "letter", gettext_lazy("Date on the signed receipt, typed by the officer")
    PRESUMED = "presumed", gettext_lazy("Not recorded in time: counted from the sending date")


def presumed_after_days(jurisdiction: Jurisdiction) -> int:
    own = jurisdiction.receipt_presumed_after_days
    return own if own is not None else int(settings.SIGAP_RECEIPT_PRESUMED_AFTER_DAYS)


def presume_at(jurisdiction: Jurisdiction, sent_at: datetime) -> datetime:
    """When an unrecorded receipt is presumed: this many calendar days after sending."""
    return sent_at + timedelta(days=presumed_after_days(jurisdiction))


def received_moment(*, jurisdiction: Jurisdiction, received_on: date, sent_at: datetime, today: date) -> datetime:
    """The moment a typed receipt date stands for (start of that day, local), after checking it."""
    if received_on < deadlines.local_date(sent_at, jurisdiction):
        raise ValidationError({"received_on": [_("The document cannot have been received before it was sent.")]})
    if received_on > today:
        raise ValidationError({"received_on": [_("The date of receipt cannot be in the future.")]})
    moment = datetime.combine(received_on, time(0, 0), tzinfo=jurisdiction.zone)
    return max(moment, sent_at)


def local_today(jurisdiction: Jurisdiction) -> date:
    return deadlines.local_date(timezone.now(), jurisdiction)
