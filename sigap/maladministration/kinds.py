"""The forms of maladministration used in Ombudsman RI's statistics.

UU 37/2008 Pasal 1 angka 3 defines maladministration; the list of forms is
the one in Peraturan Ombudsman 26/2017 (as amended by 48/2020), which the
Ombudsman's reports still use. One case may show several forms.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    UNDUE_DELAY = "penundaan_berlarut", _("Undue delay (penundaan berlarut)")
    FAILURE_TO_SERVE = "tidak_memberikan_pelayanan", _("Failure to serve (tidak memberikan pelayanan)")
    PROCEDURAL_DEVIATION = "penyimpangan_prosedur", _("Deviation from procedure (penyimpangan prosedur)")
    ABUSE_OF_AUTHORITY = "penyalahgunaan_wewenang", _("Abuse of authority (penyalahgunaan wewenang)")
    INCOMPETENCE = "tidak_kompeten", _("Incompetence (tidak kompeten)")
    REQUEST_FOR_PAYMENT = "permintaan_imbalan", _("Asking for money, goods or services (permintaan imbalan)")
    IMPROPER_CONDUCT = "tidak_patut", _("Improper conduct (tidak patut)")
    DISCRIMINATION = "diskriminasi", _("Discrimination (diskriminasi)")
    PARTIALITY = "berpihak", _("Partiality (berpihak)")
    CONFLICT_OF_INTEREST = "konflik_kepentingan", _("Conflict of interest (konflik kepentingan)")
