"""What Sigap keeps about service requests that arrived through Open311."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestOrigin(models.Model):
    """The client-side facts of an Open311 request that the complaint itself has no field for.

    `media_url`s are stored as given and never fetched by Sigap (no requests to
    third-party addresses from the server). `account_id` and `device_id`
    identify the reporter at the client, so they are never published.
    """

    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="open311_origin", verbose_name=_("complaint")
    )
    api_key = models.ForeignKey("apikeys.ApiKey", on_delete=models.PROTECT, verbose_name=_("API key"))
    # For batch clients: resolved to the tracking code at /tokens/{token}.
    token = models.CharField(_("token"), max_length=40, unique=True)
    media_urls = models.JSONField(_("media URLs"), default=list, blank=True)
    address_id = models.CharField(_("address id"), max_length=100, blank=True)
    account_id = models.CharField(_("account id at the client"), max_length=100, blank=True)
    device_id = models.CharField(_("device id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 request origin")
        verbose_name_plural = _("Open311 request origins")

    def __str__(self) -> str:
        return f"{self.complaint_id} via {self.api_key_id}"
