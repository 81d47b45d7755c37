"""Forms for the knowledge base."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sigap.knowledge.models import Article
from sigap.organisations.models import Category, Jurisdiction
from sigap.web.forms import StyledForm


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Search the guidance"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", _("All topics")), *Article.Topic.choices])


class TemplateForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("Every category"),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=8000)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("category", Category.objects.filter(jurisdiction=jurisdiction, is_active=True))
