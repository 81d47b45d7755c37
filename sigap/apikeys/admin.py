"""API keys in the system administration: create (key shown once), list, revoke."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sigap.apikeys.models import ApiKey
from sigap.apikeys.scopes import Scope
from sigap.apikeys.services import apikey_create, apikey_revoke, apikey_validate


class ApiKeyCreateForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("allowed actions"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiKey
        fields = ["name", "jurisdiction", "user", "scopes"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            apikey_validate(
                name=data.get("name", ""),
                jurisdiction=data["jurisdiction"],
                scopes=data.get("scopes", []),
                user=data.get("user"),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "jurisdiction", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["jurisdiction", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]
    readonly_fields = [
        "name", "prefix", "jurisdiction", "user", "scopes", "created_at", "created_by", "revoked_at", "last_used_at",
    ]  # fmt: skip
    exclude = ["key_hash"]

    def get_form(self, request: HttpRequest, obj: ApiKey | None = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ApiKeyCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> list[str]:
        return self.readonly_fields if obj is not None else []

    def get_exclude(self, request: HttpRequest, obj: ApiKey | None = None) -> list[str]:
        if obj is None:
            return ["key_hash", "prefix", "created_at", "created_by", "revoked_at", "last_used_at"]
        return self.exclude

    def has_delete_permission(self, request: HttpRequest, obj: ApiKey | None = None) -> bool:
        # Keys are revoked, never deleted, so the audit trail keeps pointing at them.
        return False

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            return  # every field is read-only once created
        key, raw = apikey_create(
            name=form.cleaned_data["name"],
            jurisdiction=form.cleaned_data["jurisdiction"],
            scopes=form.cleaned_data["scopes"],
            user=form.cleaned_data.get("user"),
            actor=request.user,  # type: ignore[arg-type]
            request=request,
        )
        obj.__dict__.update({k: v for k, v in key.__dict__.items() if not k.startswith("_")})
        messages.warning(
            request,
            _("Copy the key now; it is not shown again: %(key)s") % {"key": raw},
        )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for key in queryset:
            apikey_revoke(key=key, actor=request.user, request=request)  # type: ignore[arg-type]
        self.message_user(request, _("The keys were revoked."), messages.SUCCESS)
