"""The notes Sigap seeds with its default rules, said in the reader's language.

The notes are stored as written by the data migration (English); a note an administrator wrote
themselves is shown as they wrote it.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

SEEDED_NOTES = {
    "UU 37/2008 Pasal 33 (14 days; second request 14 days)": _("UU 37/2008 Pasal 33 (14 days; second request 14 days)"),
    "Sigap default (no rule found); mirrors UU 37/2008 Pasal 33": _(
        "Sigap default (no rule found); mirrors UU 37/2008 Pasal 33"
    ),
    "Sigap default: 3 complaints of one form in 90 days": _("Sigap default: 3 complaints of one form in 90 days"),
    "Sigap default: a fifth of answered complaints reopened": _(
        "Sigap default: a fifth of answered complaints reopened"
    ),
    "Sigap default: a quarter of open complaints overdue (now)": _(
        "Sigap default: a quarter of open complaints overdue (now)"
    ),
    "Below grade B (baik) of PermenPANRB 14/2017": _("Below grade B (baik) of PermenPANRB 14/2017"),
}


@register.filter
def seeded_note(note: str) -> str:
    return str(SEEDED_NOTES.get(note, note))
