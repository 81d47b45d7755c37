"""The knowledge base: guidance staff look up while handling complaints.

National guidance (how to recognise and handle each form of maladministration,
the service standard, the complaint procedure) ships with Sigap and has no
jurisdiction; a jurisdiction adds its own local guidance next to it. Approved
response templates live in complaints.ResponseTemplate and are managed here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.maladministration.kinds import Kind as MaladministrationKind


class Article(models.Model):
    class Topic(models.TextChoices):
        MALADMINISTRATION = "maladministration", _("Forms of maladministration")
        SERVICE_STANDARD = "service_standard", _("Service standards")
        PROCEDURE = "procedure", _("Complaint procedure")
        LOCAL = "local", _("Local guidance")

    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty for national guidance shipped with Sigap."),
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    maladministration = models.CharField(
        _("form of maladministration"), max_length=40, choices=MaladministrationKind.choices, blank=True
    )
    slug = models.SlugField(_("code"), max_length=80)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="id")
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    body = models.TextField(_("text"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("guidance article")
        verbose_name_plural = _("guidance articles")
        ordering = ["topic", "title"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "slug", "language"], name="article_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.title
