"""Staff pages: the inbox, the case page and its actions, and recording a walk-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.accounts.zones import principal_zone
from sigap.backoffice.forms import InboxFilterForm
from sigap.backoffice.inbox_pages import AFTER, BEFORE, list_page, search_page
from sigap.complaints import presenters
from sigap.complaints.forms import (
    ClassifyForm,
    CompensationClaimForm,
    CompensationPaymentForm,
    StaffRecordForm,
    StaffReplyForm,
    TransitionForm,
)
from sigap.complaints.models import Attachment, Complaint, Kind
from sigap.complaints.selectors import (
    acting_role,
    actor_capacities,
    complaint_get_for_user,
    may_view_identity,
    may_write_notes,
    reporter_of,
    response_templates_for,
    timeline,
)
from sigap.complaints.selectors import (
    inbox as inbox_query,
)
from sigap.complaints.services import (
    TransitionError,
    compensation_claim_add,
    compensation_payment_record,
    complaint_add_note,
    complaint_classify,
    complaint_reply,
    complaint_submit,
    complaint_transition,
    identity_view_record,
)
from sigap.complaints.workflow import TERMINAL, TRANSITIONS, Action, Actor, Status, Transition, available_actions
from sigap.organisations.models import Jurisdiction
from sigap.search.selectors import SearchResults, search_highlights
from sigap.suggestions.selectors import case_suggestions, inbox_suggestions
from sigap.web.forms import error_text

PAGE_SIZE = 50


@staff_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    form = InboxFilterForm(request.GET or None, principal=principal)
    filters = form.filters()
    query = form.query_string()
    if filters.text:
        results = SearchResults(principal=principal, query=filters.text, filters=filters)
        page = search_page(results, number=request.GET.get("page"), query=query, size=PAGE_SIZE)
    else:
        cases = inbox_query(principal=principal, filters=filters)
        after, before = request.GET.get(AFTER), request.GET.get(BEFORE)
        page = list_page(cases, after=after, before=before, query=query, size=PAGE_SIZE)
    listed: list[Any] = page.rows  # rows carry their excerpt and suggestions for the template
    states = presenters.due_states(listed)
    highlights = search_highlights(complaints=listed, query=filters.text) if filters.text else {}
    suggested = inbox_suggestions(principal=principal, cases=listed)
    for case in listed:
        case.search_excerpt = highlights.get(case.pk)
        case.opd_suggestions = suggested.get(case.pk, [])
    rows = [(c, states.get(c.pk)) for c in listed]
    with timezone.override(principal_zone(principal)):
        return render(
            request,
            "backoffice/inbox.html",
            {
                "form": form,
                "page": page,
                "rows": rows,
                "due_labels": presenters.DUE_LABELS,
                "query": query,
                "search": bool(filters.text),
            },
        )


# What the step did, said as a sentence (not "Done: Answer.").
DONE = {
    Action.VERIFY: gettext_lazy("The complaint is verified. Next: send it to the OPD that handles it."),
    Action.REQUEST_INFO: gettext_lazy("The reporter was asked for more information."),
    Action.SUPPLEMENT: gettext_lazy("The information was added; the complaint is back in verification."),
    Action.DISPATCH: gettext_lazy("The complaint was sent to the OPD; the OPD is told."),
    Action.RETURN: gettext_lazy("The complaint went back to the complaint administrator."),
    Action.ACCEPT: gettext_lazy("You accepted the complaint; the follow-up time limit runs."),
    Action.ANSWER: gettext_lazy("The answer was sent to the reporter."),
    Action.CONFIRM: gettext_lazy("The complaint is closed as solved."),
    Action.REOPEN: gettext_lazy("The complaint was reopened."),
    Action.RESUME: gettext_lazy("The follow-up continues."),
    Action.FORWARD: gettext_lazy("The complaint was forwarded to the other institution; the reporter is told."),
    Action.ARCHIVE: gettext_lazy("The complaint is archived; the reporter is told why."),
}

# Verify and dispatch in one step (the transition URL's action): what a new case usually needs.
VERIFY_DISPATCH = "verify_dispatch"
DONE_VERIFY_DISPATCH = gettext_lazy("The complaint is verified and sent to the OPD; the OPD is told.")

# The step a case usually takes next from its state; shown first and open, the other steps folded.
LIKELY_NEXT = [Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, Action.RESUME, Action.CONFIRM]


@dataclass(frozen=True)
class ActionCard:
    """One step offered on the case page; `with_dispatch`: verifying also sends the case to the chosen OPD."""

    action: Action
    rule: Transition
    with_dispatch: bool = False

    @property
    def value(self) -> str:
        return VERIFY_DISPATCH if self.with_dispatch else self.action.value

    @property
    def label(self) -> str:
        return str(_("Verify and dispatch to OPD")) if self.with_dispatch else str(self.action.label)


def action_cards(actions: list[Action]) -> list[ActionCard]:
    """The likely next step first (for a new case: verify and dispatch at once), then the others."""
    likely = next((a for a in LIKELY_NEXT if a in actions), None)
    ordered = [likely, *[a for a in actions if a != likely]] if likely else actions
    cards = [ActionCard(a, TRANSITIONS[a]) for a in ordered]
    if likely == Action.VERIFY:
        cards.insert(0, ActionCard(Action.VERIFY, TRANSITIONS[Action.VERIFY], with_dispatch=True))
    return cards


def _case_context(request: AuthenticatedRequest, code: str) -> dict[str, Any]:
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    capacities = actor_capacities(principal, case)
    actions = available_actions(case.status, capacities)
    suggested = case_suggestions(principal=principal, complaint=case)
    routing = suggested["routing"]
    # Staff decide: a suggestion only preselects what the case does not say yet.
    default_opd = (
        case.category.default_opd_id if case.category else (routing.opd.obj.pk if routing and routing.opd else None)
    )
    category = case.category_id or (routing.category.obj.pk if routing and routing.category else None)
    attachments = list(case.attachments.all())
    events = presenters.event_views(timeline(complaint=case, public_only=False), attachments)
    initial = {"opd": default_opd, "complexity_tier": case.category.default_tier_id if case.category else None}
    return {
        "case": case,
        "principal": principal,
        "capacities": capacities,
        "actions": action_cards(actions),
        "transition_form": TransitionForm(jurisdiction=case.jurisdiction, initial=initial),
        # The folded "verify" card asks for the tier too: its own ids, so none repeats on the page.
        "verify_form": TransitionForm(jurisdiction=case.jurisdiction, initial=initial, auto_id="verify-%s"),
        "text_form": StaffReplyForm(),
        "classify_form": ClassifyForm(jurisdiction=case.jurisdiction, initial={"category": category, "kind": case.kind})
        if Actor.ADMIN in capacities
        else None,
        "events": events,
        # Files no timeline entry names (stored before entries recorded theirs): listed with the report.
        "attachments": presenters.unplaced_attachments(events, attachments),
        "may_view_identity": may_view_identity(principal, case),
        "may_note": may_write_notes(principal, case),
        "may_reply": bool(capacities) and case.is_open,
        "due_state": presenters.due_states([case]).get(case.pk),
        "due_labels": presenters.DUE_LABELS,
        "due_at": presenters.local_due(case),
        "late_filing": presenters.late_filing_days(case),
        "templates": response_templates_for(case),
        "acting_role": acting_role(principal, case),
        **_compensation_context(case, capacities),
        **suggested,
    }


def _compensation_context(case: Complaint, capacities: set[Actor]) -> dict[str, Any]:
    """The compensation card: the claim, and the forms the user's role may use on it."""
    claim = presenters.compensation_of(case)
    today = timezone.localtime(timezone.now(), case.jurisdiction.zone).date()
    may_claim = (
        claim is None
        and Actor.ADMIN in capacities
        and case.kind == Kind.COMPLAINT
        and case.status not in (Status.ANSWERED, *TERMINAL)
    )
    may_pay = claim is not None and claim.payable and not claim.is_paid and bool(capacities & {Actor.ADMIN, Actor.OPD})
    return {
        "compensation": claim,
        "compensation_state": presenters.compensation_payment_state(claim, today=today),
        "claim_form": CompensationClaimForm() if may_claim else None,
        "payment_form": CompensationPaymentForm(initial={"payment_amount": claim.amount_granted})
        if may_pay and claim is not None
        else None,
        "show_recorder": True,
    }


@staff_required
def case_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    context = _case_context(request, code)
    # Times on the page are the jurisdiction's own (WIB/WITA/WIT), not the server's.
    with timezone.override(context["case"].jurisdiction.zone):
        return render(request, "backoffice/case.html", context)


@staff_required
@require_POST
def case_transition(request: AuthenticatedRequest, code: str, action: str) -> HttpResponse:
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    if action != VERIFY_DISPATCH and action not in Action.values:
        raise Http404
    # The capacity the user acts in is decided by the service, under the row lock.
    form = TransitionForm(request.POST, request.FILES, jurisdiction=case.jurisdiction)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect("backoffice:case", code=case.tracking_code)
    data = form.cleaned_data
    # A new case's usual first step is two of the workflow's: verify, then dispatch to the chosen OPD.
    steps = [Action.VERIFY, Action.DISPATCH] if action == VERIFY_DISPATCH else [Action(action)]
    if action == VERIFY_DISPATCH and data["opd"] is None:
        messages.error(request, _("Choose the OPD to send the complaint to."))
        return redirect("backoffice:case", code=case.tracking_code)
    try:
        with transaction.atomic():
            for step in steps:
                last = step == steps[-1]
                case = complaint_transition(
                    complaint=case,
                    action=step,
                    actor=request.user,
                    principal=principal,
                    text=data["text"] if last else "",
                    opd=data["opd"],
                    archive_reason=data["archive_reason"],
                    forwarded_to=data["forwarded_to"],
                    complexity_tier=data["complexity_tier"],
                    compensation=form.compensation_decision() if last else None,
                    files=data["attachments"] if last else [],
                )
            if data["note"].strip():  # the internal box: staff only, never on the reporter's timeline
                complaint_add_note(
                    complaint=case, actor=request.user, acting_as=acting_role(principal, case), body=data["note"]
                )
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        done = DONE_VERIFY_DISPATCH if action == VERIFY_DISPATCH else DONE.get(Action(action))
        messages.success(request, str(done) if done else _("Saved."))
    return redirect("backoffice:case", code=case.tracking_code)


@staff_required
@require_POST
def case_note(request: AuthenticatedRequest, code: str) -> HttpResponse:
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    if not may_write_notes(principal, case):
        raise PermissionDenied
    try:
        complaint_add_note(
            complaint=case,
            actor=request.user,
            acting_as=acting_role(principal, case),
            body=request.POST.get("text", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("backoffice:case", code=case.tracking_code)


@staff_required
@require_POST
def case_reply(request: AuthenticatedRequest, code: str) -> HttpResponse:
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    if not actor_capacities(principal, case):
        raise PermissionDenied
    form = StaffReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            complaint_reply(
                complaint=case,
                actor=request.user,
                acting_as=acting_role(principal, case),
                body=form.cleaned_data["text"],
                files=form.cleaned_data["attachments"],
            )
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The message was sent to the reporter."))
    else:
        messages.error(request, error_text(form))
    return redirect("backoffice:case", code=case.tracking_code)


@staff_required
@require_POST
def case_classify(request: AuthenticatedRequest, code: str) -> HttpResponse:
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    if Actor.ADMIN not in actor_capacities(principal, case):
        raise PermissionDenied
    form = ClassifyForm(request.POST, jurisdiction=case.jurisdiction)
    if form.is_valid():
        complaint_classify(
            complaint=case,
            actor=request.user,
            acting_as=acting_role(principal, case),
            category=form.cleaned_data["category"],
            kind=form.cleaned_data["kind"],
        )
        messages.success(request, _("The classification was saved."))
    return redirect("backoffice:case", code=case.tracking_code)


@staff_required
@require_POST
def case_compensation_claim(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Record a compensation claim the reporter made outside the form (the administrator only)."""
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    if Actor.ADMIN not in actor_capacities(principal, case):
        raise PermissionDenied
    form = CompensationClaimForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect("backoffice:case", code=case.tracking_code)
    try:
        compensation_claim_add(
            complaint=case,
            actor=request.user,
            acting_as=acting_role(principal, case),
            amount=form.cleaned_data["claim_amount"],
            grounds=form.cleaned_data["claim_grounds"],
        )
    except (TransitionError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The compensation claim was recorded; the decision comes with the answer."))
    return redirect("backoffice:case", code=case.tracking_code)


@staff_required
@require_POST
def case_compensation_payment(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Record the payment of granted compensation (the administrator or the OPD holding the case)."""
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    if not actor_capacities(principal, case) & {Actor.ADMIN, Actor.OPD}:
        raise PermissionDenied
    form = CompensationPaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect("backoffice:case", code=case.tracking_code)
    try:
        compensation_payment_record(
            complaint=case,
            actor=request.user,
            acting_as=acting_role(principal, case),
            amount=form.cleaned_data["payment_amount"],
            paid_on=form.cleaned_data["payment_paid_on"],
            reference=form.cleaned_data["payment_reference"],
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The payment of the compensation was recorded."))
    return redirect("backoffice:case", code=case.tracking_code)


@staff_required
@require_GET
def case_identity(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Show the reporter's identity to those allowed, logging every look."""
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    if not may_view_identity(principal, case):
        raise PermissionDenied
    identity_view_record(complaint=case, actor=request.user, acting_as=acting_role(principal, case))
    response = render(request, "backoffice/_identity.html", {"case": case, "reporter": reporter_of(case)})
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def case_attachment(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponseBase:
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    attachment = get_object_or_404(Attachment, pk=pk, complaint=case)
    if "thumb" in request.GET:  # the small picture the timeline shows
        return presenters.attachment_thumbnail_response(attachment)
    return presenters.attachment_response(attachment)


@staff_required
def record(request: AuthenticatedRequest) -> HttpResponse:
    """Record a complaint for a walk-in, phone or forum reporter."""
    principal = principal_for(request.user)
    jurisdictions = Jurisdiction.objects.filter(pk__in=principal.admin_jurisdictions)
    if not jurisdictions.exists():
        raise PermissionDenied
    form = StaffRecordForm(request.POST or None, request.FILES or None, jurisdictions=jurisdictions)
    if request.method == "POST" and form.is_valid():
        try:
            complaint, secret = complaint_submit(
                submission=form.staff_submission(),
                files=form.cleaned_data["attachments"],
                recorded_by=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return render(request, "backoffice/recorded.html", {"case": complaint, "secret": secret})
    return render(request, "backoffice/record.html", {"form": form, "map_center": presenters.map_centre(jurisdictions)})
