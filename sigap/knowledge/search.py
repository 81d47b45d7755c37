"""Search the guidance library: PostgreSQL full-text search, or term matching on SQLite.

One function hides which is used. PostgreSQL ranks with the `indonesian`
(or `english`) text-search configuration, so "pengaduan" also finds
"mengadu"-style stems the configuration knows; SQLite requires every term to
appear somewhere and ranks title matches first.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from sigap.knowledge.models import Article

CONFIGS = {"id": "indonesian", "en": "english"}


def search_articles(articles: QuerySet[Article], text: str, *, language: str) -> QuerySet[Article]:
    text = text.strip()[:200]
    if not text:
        return articles
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        config = CONFIGS.get(language, "simple")
        vector = (
            SearchVector("title", weight="A", config=config)
            + SearchVector("summary", weight="B", config=config)
            + SearchVector("body", weight="C", config=config)
        )
        query = SearchQuery(text, search_type="websearch", config=config)
        return articles.annotate(rank=SearchRank(vector, query)).filter(rank__gt=0).order_by("-rank", "title")
    terms = [t for t in text.split() if len(t) > 1][:8]
    for term in terms:
        articles = articles.filter(Q(title__icontains=term) | Q(summary__icontains=term) | Q(body__icontains=term))
    in_title = Q()
    for term in terms:
        in_title |= Q(title__icontains=term)
    return articles.annotate(
        rank=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-rank", "title")
