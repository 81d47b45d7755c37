"""Writes to the response templates officers answer from; each is audited.

Four eyes: saving a text (new or changed) leaves it waiting for approval, and
only a complaint administrator other than its last editor approves it. Case
pages offer approved texts only (complaints.selectors.response_templates_for).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.services import audit_record
from sigap.complaints.models import ResponseTemplate
from sigap.organisations.models import Category, Jurisdiction


class TemplateError(Exception):
    """A change the rules do not allow; the message is for the user."""


@transaction.atomic
def response_template_save(
    *,
    jurisdiction: Jurisdiction,
    title: str,
    body: str,
    language: str,
    category: Category | None,
    actor: User,
    template: ResponseTemplate | None = None,
) -> ResponseTemplate:
    """Create or change a template; the text then waits for approval."""
    if category is not None and category.jurisdiction_id != jurisdiction.pk:
        raise TemplateError(_("This category belongs to another jurisdiction."))
    if not body.strip():
        raise TemplateError(_("Write the text of the template."))
    before = (
        {
            "title": template.title,
            "body": template.body,
            "language": template.language,
            "category": template.category_id,
        }
        if template
        else {}
    )
    template = template or ResponseTemplate(jurisdiction=jurisdiction)
    template.title, template.body, template.language, template.category = (
        title.strip(),
        body.strip(),
        language,
        category,
    )
    template.edited_by, template.edited_at = actor, timezone.now()
    template.approved_by, template.approved_at = None, None
    template.save()
    after = {"title": template.title, "body": template.body, "language": language, "category": template.category_id}
    audit_record(
        actor=actor,
        action="template.save",
        obj=template,
        jurisdiction_id=jurisdiction.pk,
        summary=template.title,
        changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
    )
    return template


@transaction.atomic
def response_template_approve(*, template: ResponseTemplate, actor: User) -> ResponseTemplate:
    if template.edited_by_id == actor.pk:
        raise TemplateError(_("Another complaint administrator must approve a text you wrote or changed."))
    if template.approved_at is not None:
        return template
    template.approved_by, template.approved_at = actor, timezone.now()
    template.save(update_fields=["approved_by", "approved_at"])
    audit_record(
        actor=actor,
        action="template.approve",
        obj=template,
        jurisdiction_id=template.jurisdiction_id,
        summary=template.title,
    )
    return template


@transaction.atomic
def response_template_retire(*, template: ResponseTemplate, actor: User) -> ResponseTemplate:
    template.is_active = False
    template.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="template.retire",
        obj=template,
        jurisdiction_id=template.jurisdiction_id,
        summary=template.title,
        changes={"is_active": [True, False]},
    )
    return template
