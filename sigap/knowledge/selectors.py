"""Reads of the knowledge base that depend on who asks.

Every staff member reads national guidance and their jurisdictions' own, and
the approved response templates of their jurisdictions. Complaint
administrators and OPD heads also see drafts; complaint administrators approve.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from sigap.accounts.models import Role
from sigap.accounts.principal import Principal
from sigap.complaints.models import ResponseTemplate
from sigap.knowledge.models import Article
from sigap.knowledge.search import search_articles


def _jurisdictions(principal: Principal) -> frozenset[int]:
    return frozenset(jid for _, jid, _ in principal.grants) | principal.ombudsman_jurisdictions


def articles_for(principal: Principal, *, text: str = "", topic: str = "", language: str = "id") -> QuerySet[Article]:
    articles = Article.objects.filter(
        Q(jurisdiction__isnull=True) | Q(jurisdiction_id__in=_jurisdictions(principal)),
        is_published=True,
        language=language,
    )
    if topic:
        articles = articles.filter(topic=topic)
    return search_articles(articles, text, language=language) if text.strip() else articles.order_by("topic", "title")


def article_get(*, principal: Principal, pk: int) -> Article:
    article = (
        Article.objects.filter(Q(jurisdiction__isnull=True) | Q(jurisdiction_id__in=_jurisdictions(principal)))
        .filter(pk=pk, is_published=True)
        .first()
    )
    if article is None:
        raise Http404
    return article


def template_editor_jurisdictions(principal: Principal) -> frozenset[int]:
    return principal.jurisdictions_with(Role.COMPLAINT_ADMIN, Role.OPD_HEAD)


def templates_for(principal: Principal) -> QuerySet[ResponseTemplate]:
    """Approved templates of the user's jurisdictions, plus drafts for those who edit them."""
    editors = template_editor_jurisdictions(principal)
    return (
        ResponseTemplate.objects.filter(jurisdiction_id__in=_jurisdictions(principal), is_active=True)
        .filter(Q(approved_at__isnull=False) | Q(jurisdiction_id__in=editors))
        .select_related("category", "edited_by", "approved_by", "jurisdiction")
        .order_by("category__name", "language", "title")
    )


def template_get_for_editing(*, principal: Principal, pk: int) -> ResponseTemplate:
    template = (
        ResponseTemplate.objects.filter(pk=pk, jurisdiction_id__in=template_editor_jurisdictions(principal))
        .select_related("category")
        .first()
    )
    if template is None:
        raise Http404
    return template
