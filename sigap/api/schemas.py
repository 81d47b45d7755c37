"""Input and output schemas of the REST API, one pair per endpoint.

The OpenAPI document at /api/v1/openapi.json is generated from these.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ninja import Schema
from pydantic import ConfigDict, Field, ModelWrapValidatorHandler, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from sigap.complaints.models import Channel, Kind
from sigap.complaints.workflow import Action, ArchiveReason, Status

if TYPE_CHECKING:
    KindValue: TypeAlias = str
    StatusValue: TypeAlias = str
    ChannelValue: TypeAlias = str
    ActionValue: TypeAlias = str
    ArchiveReasonValue: TypeAlias = str
else:
    # The choices of the models, as OpenAPI enums.
    KindValue = Literal[tuple(Kind.values)]
    StatusValue = Literal[tuple(Status.values)]
    ChannelValue = Literal[tuple(Channel.values)]
    ActionValue = Literal[tuple(Action.values)]
    ArchiveReasonValue = Literal[tuple(ArchiveReason.values)]


class Strict(Schema):
    """An input schema: refuses unknown fields and NUL characters."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo) -> Any:
        # Replaces ninja's validator of this name, which wraps the values for reading model objects
        # and, with extra="forbid", validates them twice (bare, then wrapped). Input is parsed JSON,
        # never a model object: one validation of the bare values gives the same result and errors.
        return handler(values)

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # PostgreSQL cannot store NUL in text: refused here as a bad value, on every database, naming the field.
        if isinstance(value, str) and "\x00" in value:
            raise PydanticCustomError("nul_character", "Text may not contain the NUL character.")
        return value


class ErrorOut(Schema):
    code: str = Field(description="Machine-readable error code, e.g. `invalid`, `not_found`, `rate_limited`.")
    message: str = Field(description="What went wrong, in the language of Accept-Language (Indonesian by default).")
    fields: dict[str, list[str]] = Field(description="Problems per field path, e.g. `reporter.name`.")


# --- reference data ------------------------------------------------------


class JurisdictionOut(Schema):
    slug: str
    name: str
    kind: str
    domain: str | None
    timezone: str


class OpdOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str


class ServiceOut(Schema):
    code: str
    name: str
    description: str
    unit: str
    opd: str = Field(description="Code of the OPD delivering the service.")


class CategoryOut(Schema):
    code: str
    name: str
    group: str
    description: str
    default_opd: str | None = Field(description="Code of the OPD the category is routed to.")
    service: str | None
    lapor_category: str
    lapor_subcategory: str
    keywords: str


# --- complaints ------------------------------------------------------------


class ReporterIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    address: str = Field("", max_length=300)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        if value:
            try:
                validate_email(value)
            except ValidationError as exc:
                raise ValueError("not an e-mail address") from exc
        return value


class CompensationClaimIn(Strict):
    amount: int = Field(ge=1, le=10**15, description="Compensation claimed, in whole rupiah.")
    grounds: str = Field(
        min_length=10, max_length=4000, description="The loss and how the service caused it (UU 25/2009 Pasal 48(4))."
    )


class CompensationDecisionIn(Strict):
    outcome: Literal["granted", "partly", "refused"]
    amount: int | None = Field(
        None, ge=1, le=10**15, description="Rupiah granted: required when partly granted; full grants pay the claim."
    )
    reason: str = Field("", max_length=4000, description="Required when partly granted or refused.")
    payment_due: date | None = Field(None, description="Deadline to pay (UU 25/2009 Pasal 50(3)); not when refused.")


class CompensationOut(Schema):
    amount_claimed: int
    grounds: str
    outcome: str = Field(description="'' until decided; granted, partly or refused.")
    amount_granted: int | None
    decision_reason: str
    payment_due: date | None
    amount_paid: int | None
    paid_on: date | None


class ComplaintCreateIn(Strict):
    jurisdiction: str | None = Field(
        None, max_length=120, description="Slug or web domain; optional with an API key (the key's jurisdiction)."
    )
    category: str | None = Field(None, max_length=60, description="Category code (see /categories).")
    kind: KindValue = "pengaduan"
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=10, max_length=10000)
    expectation: str = Field("", max_length=4000, description="What the reporter asks for.")
    incident_date: date | None = None
    address: str = Field("", max_length=300)
    lat: float | None = Field(None, ge=-90, le=90)
    lng: float | None = Field(None, ge=-180, le=180)
    is_anonymous: bool = Field(False, description="Keep no identity at all (SP4N-LAPOR! anonim).")
    is_confidential: bool = Field(
        False, description="Identity seen only by the complaint administrator; kept out of public outputs (rahasia)."
    )
    reporter: ReporterIn | None = None
    compensation: CompensationClaimIn | None = Field(
        None, description="A claim for compensation (ganti rugi, UU 25/2009 Pasal 42(4)); only for kind pengaduan."
    )


class ComplaintCreatedOut(Schema):
    tracking_code: str
    secret: str | None = Field(
        description="Shown once: with the tracking code it opens the case's public view. A replay carries it too;"
        " null only if the key that sealed its stored copy has been retired (docs/api.md)."
    )
    status: StatusValue
    public_status: str
    created_at: datetime
    due_at: datetime | None
    tracking_url: str


class OpdRef(Schema):
    code: str
    name: str


class ComplaintOut(Schema):
    tracking_code: str
    jurisdiction: str
    kind: KindValue
    channel: ChannelValue
    status: StatusValue
    status_label: str
    public_status: str
    title: str
    description: str
    expectation: str
    incident_date: date | None
    address: str
    lat: float | None
    lng: float | None
    category: str | None
    service: str | None
    opd: OpdRef | None
    is_anonymous: bool
    is_confidential: bool
    forwarded_to: str
    archive_reason: str
    close_reason: str
    rating: int | None
    created_at: datetime
    updated_at: datetime
    verified_at: datetime | None
    dispatched_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    due_at: datetime | None
    completion_due_at: datetime | None
    compensation: CompensationOut | None = Field(description="The compensation claim and its decision, if any.")
    available_actions: list[ActionValue] = Field(description="What the caller may do to the case now.")


class ComplaintPageOut(Schema):
    items: list[ComplaintOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class EventOut(Schema):
    id: int
    at: datetime
    kind: str
    action: str
    title: str
    actor: str
    from_status: str
    to_status: str
    body: str
    is_public: bool


class TimelineOut(Schema):
    tracking_code: str
    events: list[EventOut]


class PublicEventOut(Schema):
    at: datetime
    kind: str
    title: str
    actor: str
    to_status: str
    body: str


class PublicComplaintOut(Schema):
    tracking_code: str
    kind: KindValue
    status: StatusValue
    public_status: str
    title: str
    description: str
    category: str | None
    opd: str | None
    created_at: datetime
    updated_at: datetime
    due_at: datetime | None
    deadline_label: str | None
    events: list[PublicEventOut]


class ReporterOut(Schema):
    name: str
    email: str
    phone: str
    address: str


class TransitionIn(Strict):
    action: ActionValue
    text: str = Field("", max_length=10000, description="Reason, question or answer (required by some actions).")
    opd: str | None = Field(None, max_length=40, description="OPD code, for `dispatch`.")
    archive_reason: ArchiveReasonValue | None = None
    forwarded_to: str = Field("", max_length=200, description="Institution, for `forward`.")
    compensation: CompensationDecisionIn | None = Field(
        None, description="For `answer` of a complaint that claims compensation: the decision (required there)."
    )


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    is_internal: bool
    created_at: datetime
    url: str


class AttachmentListOut(Schema):
    items: list[AttachmentOut]
