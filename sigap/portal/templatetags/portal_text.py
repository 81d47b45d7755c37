"""Text helpers for the citizen portal's templates."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def legal_basis(source: str) -> str:
    """The citation of a time limit's source without its English gloss.

    Sources read "UU 25/2009 Pasal 50 ayat (1): 60 days after the file is complete"; the citation before
    the colon is the same in every language, the explanation after it is written in English.
    """
    return source.split(":", 1)[0].strip()
