"""Build the demo city, its staff, and complaints; every step is safe to re-run."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from sigap.accounts.models import Role, RoleAssignment, User
from sigap.accounts.services import role_grant
from sigap.complaints.codes import hash_secret, new_secret, new_tracking_code
from sigap.complaints.models import Channel, Complaint, ComplaintEvent, Reporter, ResponseTemplate
from sigap.complaints.services import (
    ReporterDetails,
    Submission,
    TransitionError,
    complaint_rate,
    complaint_submit,
    complaint_transition,
)
from sigap.complaints.workflow import STAGE_OF_STATUS, TRANSITIONS, Action, Actor, ArchiveReason, CloseReason, Status
from sigap.demo import city as data
from sigap.demo.corpus import ANSWERS, complaint_text
from sigap.organisations.models import Category, Jurisdiction, Opd, Service, ServiceUnit
from sigap.publicreports.models import Area
from sigap.publicreports.services import public_report_confirm, public_report_create
from sigap.sla import deadlines
from sigap.sla.models import Stage

T = TypeVar("T")
CITY_SLUG = "kota-pasuruan"
NAMES = ["Budi Santoso", "Siti Aminah", "Agus Salim", "Dewi Lestari", "Rahmat Hidayat", "Nur Aini", "Eko Prasetyo",
         "Sri Wahyuni", "Ahmad Fauzi", "Lina Marlina", "Hendra Wijaya", "Yuliana"]  # fmt: skip

# Paths to each final status, and how often the demo ends there.
PATHS: dict[Status, tuple[Action, ...]] = {
    Status.RECEIVED: (),
    Status.INCOMPLETE: (Action.REQUEST_INFO,),
    Status.VERIFIED: (Action.VERIFY,),
    Status.DISPATCHED: (Action.VERIFY, Action.DISPATCH),
    Status.IN_FOLLOWUP: (Action.VERIFY, Action.DISPATCH, Action.ACCEPT),
    Status.ANSWERED: (Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER),
    Status.REOPENED: (Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, Action.REOPEN),
    Status.CLOSED: (Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, Action.CONFIRM),
    Status.FORWARDED: (Action.FORWARD,),
    Status.ARCHIVED: (Action.ARCHIVE,),
}
WEIGHTS = {
    Status.RECEIVED: 6, Status.INCOMPLETE: 2, Status.VERIFIED: 2, Status.DISPATCHED: 8, Status.IN_FOLLOWUP: 12,
    Status.ANSWERED: 8, Status.REOPENED: 2, Status.CLOSED: 52, Status.FORWARDED: 3, Status.ARCHIVED: 5,
}  # fmt: skip
CHANNEL_WEIGHTS = {
    Channel.WEB: 40, Channel.WHATSAPP: 20, Channel.SMS: 5, Channel.EMAIL: 8, Channel.WALK_IN: 10,
    Channel.PHONE: 4, Channel.FORUM: 3, Channel.LAPOR: 8, Channel.OMBUDSMAN: 2,
}  # fmt: skip


@transaction.atomic
def seed_city() -> Jurisdiction:
    """Create (or complete) the demo city's organisation and categories."""
    office, _ = Jurisdiction.objects.get_or_create(
        slug="ombudsman-jatim",
        defaults={"name": "Ombudsman RI Perwakilan Jawa Timur", "kind": Jurisdiction.Kind.OMBUDSMAN,
                  "province": "Jawa Timur"},
    )  # fmt: skip
    city, _ = Jurisdiction.objects.get_or_create(
        slug=CITY_SLUG,
        defaults={
            "name": "Pemerintah Kota Pasuruan",
            "kind": Jurisdiction.Kind.KOTA,
            "domain": "pasuruankota.go.id",
            "province": "Jawa Timur",
            "overseen_by": office,
            "complaint_email": "pengaduan@pasuruankota.go.id",
            "map_center_lat": -7.6453,
            "map_center_lng": 112.9075,
        },
    )
    opds = {}
    for code, name, short, kind in data.OPDS:
        opds[code], _ = Opd.objects.get_or_create(
            jurisdiction=city, code=code, defaults={"name": name, "short_name": short, "kind": kind}
        )
    services: dict[str, Service] = {}
    for opd_code, unit_name, venue, unit_services in data.UNITS:
        unit, _ = ServiceUnit.objects.get_or_create(opd=opds[opd_code], name=unit_name, defaults={"venue": venue})
        for code, name in unit_services:
            services[code], _ = Service.objects.get_or_create(unit=unit, code=code, defaults={"name": name})
    for code, name, name_en, group, opd_code, lapor, lapor_sub, service, keywords in data.CATEGORIES:
        Category.objects.get_or_create(
            jurisdiction=city,
            code=code,
            defaults={
                "name": name, "name_en": name_en, "group": group, "default_opd": opds[opd_code],
                "lapor_category": lapor, "lapor_subcategory": lapor_sub, "service": services.get(service),
                "keywords": keywords,
            },
        )  # fmt: skip
    seed_areas(city)
    if not ResponseTemplate.objects.filter(jurisdiction=city).exists():
        titles = ["Perbaikan sudah dilaksanakan", "Pekerjaan dijadwalkan", "Permohonan maaf dan pembinaan petugas",
                  "Berkas siap diambil di MPP"]  # fmt: skip
        for title, body in zip(titles, ANSWERS, strict=True):
            ResponseTemplate.objects.create(jurisdiction=city, title=title, body=body, approved_at=timezone.now())
        ResponseTemplate.objects.create(
            jurisdiction=city,
            title="Standard answer (English)",
            language="en",
            body="Thank you for your report. Our officers have checked the location and the repair has been done.",
            approved_at=timezone.now(),
        )
    return city


def seed_areas(city: Jurisdiction) -> dict[str, Area]:
    """The city's kecamatan and kelurahan (for the public list's filters and area alerts); kelurahan by name."""
    kelurahan = {}
    for kecamatan_name, names in data.AREAS:
        kecamatan, _ = Area.objects.get_or_create(
            jurisdiction=city, slug=f"kec-{slugify(kecamatan_name)}",
            defaults={"kind": Area.Kind.KECAMATAN, "name": kecamatan_name},
        )  # fmt: skip
        for name in names:
            kelurahan[name], _ = Area.objects.get_or_create(
                jurisdiction=city, slug=slugify(name),
                defaults={"kind": Area.Kind.KELURAHAN, "name": name, "parent": kecamatan},
            )  # fmt: skip
    return kelurahan


def _kelurahan_of(address: str, areas: dict[str, Area]) -> Area | None:
    """The kelurahan a demo complaint's address names ("…, Kel. Kepel"), if the demo knows it."""
    _street, _sep, name = address.rpartition("Kel. ")
    return areas.get(name.strip())


def seed_public_reports(city: Jurisdiction, *, limit: int = 500, seed: int = 2026) -> int:
    """Give complaints filed through the services their public-report choice, as the portal asks at filing.

    Most reporters choose public; the administrator confirms the masked summary of every verified one,
    so the public list, map, filters by area and area alerts have something to show. Only complaints
    without a choice yet (at most `limit`, oldest first) are touched, so re-running is harmless.
    """
    rng = random.Random(seed)
    areas = {a.name: a for a in Area.objects.filter(jurisdiction=city, kind=Area.Kind.KELURAHAN)}
    admin = RoleAssignment.objects.filter(jurisdiction=city, role=Role.COMPLAINT_ADMIN).select_related("user").first()
    missing = Complaint.objects.filter(jurisdiction=city, public_report__isnull=True).order_by("id")[:limit]
    done = 0
    for complaint in missing:
        report = public_report_create(
            complaint=complaint, wants_public=rng.random() < 0.85, kelurahan=_kelurahan_of(complaint.address, areas)
        )
        if admin is not None and complaint.verified_at is not None and report.wants_public and report.eligible:
            public_report_confirm(report=report, title=report.title, summary=report.summary, actor=admin.user)
        done += 1
    return done


def _user(username: str, first_name: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=data.DEMO_PASSWORD, first_name=first_name,
                                        email=f"{username}@demo.sigap.localhost")  # fmt: skip
    return user


@transaction.atomic
def seed_staff(city: Jurisdiction) -> dict[str, User]:
    """Create one demo account per role (password in city.DEMO_PASSWORD)."""
    users = {}
    opds = {o.code: o for o in Opd.objects.filter(jurisdiction=city)}
    for username, first_name, role, opd_code in data.STAFF:
        users[username] = _user(username, first_name)
        role_grant(user=users[username], role=Role(role), jurisdiction=city, opd=opds.get(opd_code), actor=None)
    username, first_name = data.OMBUDSMAN_STAFF
    users[username] = _user(username, first_name)
    assert city.overseen_by is not None
    role_grant(user=users[username], role=Role.OMBUDSMAN, jurisdiction=city.overseen_by, actor=None)
    if not User.objects.filter(username="sysadmin").exists():
        User.objects.create_superuser("sysadmin", "sysadmin@demo.sigap.localhost", data.DEMO_PASSWORD)
    return users


def seed_demo_api_key(city: Jurisdiction, raw_key: str) -> bool:
    """Install the operator-chosen key (SIGAP_DEMO_API_KEY) with every scope, acting as the complaint administrator.

    Returns True when it was created now; a key already installed (even revoked) is left alone.
    """
    from sigap.apikeys.models import ApiKey
    from sigap.apikeys.scopes import Scope
    from sigap.apikeys.services import apikey_create
    from sigap.apikeys.tokens import hash_key

    if ApiKey.objects.filter(key_hash=hash_key(raw_key)).exists():
        return False
    admin = RoleAssignment.objects.filter(jurisdiction=city, role=Role.COMPLAINT_ADMIN).first()
    apikey_create(
        name="Demo (SIGAP_DEMO_API_KEY)",
        jurisdiction=city,
        scopes=list(Scope),
        user=admin.user if admin else None,
        actor=None,
        raw_key=raw_key,
    )
    return True


def seed_story_complaints(city: Jurisdiction, count: int, *, seed: int = 2026) -> int:
    """File `count` complaints through the real services, spread over the last 60 days.

    Does nothing if the city already has complaints, so re-running is harmless.
    """
    if Complaint.objects.filter(jurisdiction=city).exists():
        return 0
    rng = random.Random(seed)
    categories = list(Category.objects.filter(jurisdiction=city).select_related("default_opd"))
    officers = _officers_by_opd(city)
    admin = RoleAssignment.objects.filter(jurisdiction=city, role=Role.COMPLAINT_ADMIN).first()
    admin_user = admin.user if admin else None
    now = timezone.now()
    for _ in range(count):
        category = rng.choice(categories)
        text = complaint_text(category.code, rng)
        received = now - timedelta(days=rng.uniform(0, 60), hours=rng.uniform(0, 8))
        anonymous = rng.random() < 0.15
        channel = _pick(rng, CHANNEL_WEIGHTS)
        complaint, _ = complaint_submit(
            submission=Submission(
                jurisdiction=city, title=text.title, description=text.description, channel=channel,
                address=text.address, lat=text.lat, lng=text.lng, category=category,
                reporter=None if anonymous else ReporterDetails(name=rng.choice(NAMES), phone=_phone(rng)),
                is_anonymous=anonymous, is_confidential=not anonymous and rng.random() < 0.1,
                forum_session="Forum aspirasi warga, Kecamatan Gadingrejo" if channel == Channel.FORUM else "",
            ),
            recorded_by=admin_user if channel in (Channel.WALK_IN, Channel.PHONE, Channel.FORUM) else None,
            now=received,
        )  # fmt: skip
        target = _pick(rng, WEIGHTS)
        moment = received
        steps = PATHS[target]
        for action in steps:
            # Spread the steps between receipt and now, so recent cases do not pile their steps on "now".
            room = (now - moment) / (len(steps) + 1)
            moment += min(timedelta(hours=rng.uniform(2, 72)), room * rng.uniform(0.3, 1.0))
            capacity = sorted(TRANSITIONS[action].actors)[0]
            actor = admin_user if capacity == Actor.ADMIN else officers.get(category.default_opd_id or 0)
            try:
                complaint = complaint_transition(
                    complaint=complaint, action=action, actor=actor, acting_as=capacity,
                    text=rng.choice(ANSWERS) if action == Action.ANSWER else _reason(action),
                    archive_reason=ArchiveReason.NOT_PUBLIC_SERVICE, forwarded_to="Kantor Pertanahan Kota Pasuruan",
                    now=moment,
                )  # fmt: skip
            except TransitionError:
                break
        if complaint.status == Status.CLOSED and rng.random() < 0.7:
            complaint_rate(complaint=complaint, rating=rng.choice([5, 5, 4, 4, 3, 2, 1]), comment="")
    return count


def _phone(rng: random.Random) -> str:
    return "08123" + str(rng.randrange(10**6)).zfill(6)


def _reason(action: Action) -> str:
    return {
        Action.REQUEST_INFO: "Mohon lengkapi lokasi persis dan foto kejadian.",
        Action.REOPEN: "Masalah belum selesai, kondisi di lapangan masih sama.",
        Action.FORWARD: "Bukan kewenangan Pemerintah Kota; diteruskan ke instansi vertikal.",
        Action.ARCHIVE: "Bukan tentang pelayanan publik.",
        Action.RETURN: "Bukan kewenangan kami.",
    }.get(action, "")


def _officers_by_opd(city: Jurisdiction) -> dict[int, User]:
    rows = RoleAssignment.objects.filter(jurisdiction=city, role=Role.OPD_OFFICER).select_related("user")
    return {row.opd_id: row.user for row in rows if row.opd_id}


def _pick(rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def seed_bulk_complaints(
    city: Jurisdiction,
    count: int,
    *,
    seed: int = 7,
    batch_size: int = 5000,
    days: int = 365,
    until: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    weights: dict[Status, int] | None = None,
) -> int:
    """Insert `count` synthetic complaints with bulk inserts (for benchmarks).

    They are received over the `days` before `until` (default: now).
    `weights` picks how often each final status occurs (default: the demo's
    mix); the deadline benchmark passes open statuses only, the earlier years
    of the 10M benchmark closed ones. On PostgreSQL the rows are written with
    COPY.

    Rows are consistent with the workflow (timestamps, OPD, deadlines and a
    timeline event per step) but skip per-row services, which would take hours
    for a million cases.
    """
    rng = random.Random(seed)
    categories = list(Category.objects.filter(jurisdiction=city))
    now = until or timezone.now()
    start_day = deadlines.local_date(now - timedelta(days=days + 5), city)
    calendar = deadlines.calendar_for(city, start_day)
    limits = {stage: deadlines.time_limit(jurisdiction=city, category=None, stage=stage) for stage in Stage}

    def due(stage: Stage, at: datetime) -> datetime:
        return deadlines.end_of_day(deadlines.due_date(limits[stage], deadlines.local_date(at, city), calendar), city)

    secret_hash = hash_secret(new_secret())  # synthetic cases share one unusable secret
    done = 0
    while done < count:
        size = min(batch_size, count - done)
        complaints, paths, reporters = [], [], []
        for _ in range(size):
            category = rng.choice(categories)
            text = complaint_text(category.code, rng)
            received = now - timedelta(seconds=rng.uniform(0, days * 86400))
            target = _pick(rng, weights or WEIGHTS)
            steps, moment = [], received
            for action in PATHS[target]:
                moment = min(moment + timedelta(hours=rng.uniform(1, 120)), now)
                steps.append((action, moment))
            c = Complaint(
                jurisdiction=city, tracking_code=new_tracking_code(), secret_hash=secret_hash,
                channel=_pick(rng, CHANNEL_WEIGHTS), status=target, title=text.title, description=text.description,
                address=text.address, lat=text.lat, lng=text.lng, category=category,
                is_anonymous=rng.random() < 0.15, created_at=received, updated_at=steps[-1][1] if steps else received,
            )  # fmt: skip
            _apply_steps(c, steps, category, due, rng)
            complaints.append(c)
            paths.append(steps)
        if connection.vendor == "postgresql":
            _copy_batch(complaints, paths, rng)
            done += size
            if progress:
                progress(done)
            continue
        with transaction.atomic():
            Complaint.objects.bulk_create(complaints, batch_size=batch_size)
            events = []
            for c, steps in zip(complaints, paths, strict=True):
                events.append(
                    ComplaintEvent(
                        complaint=c,
                        at=c.created_at,
                        kind="created",
                        actor_role="reporter",
                        to_status=Status.RECEIVED,
                        is_public=True,
                        data={"channel": c.channel},
                    )
                )
                status = Status.RECEIVED
                for action, at in steps:
                    rule = TRANSITIONS[action]
                    events.append(ComplaintEvent(complaint=c, at=at, kind="transition", action=action,
                                                 actor_role=str(sorted(rule.actors)[0]), from_status=status,
                                                 to_status=rule.target, is_public=rule.public))  # fmt: skip
                    status = rule.target
                if not c.is_anonymous:
                    reporters.append(Reporter(complaint=c, name=rng.choice(NAMES)))
            ComplaintEvent.objects.bulk_create(events, batch_size=batch_size)
            Reporter.objects.bulk_create(reporters, batch_size=batch_size)
        done += size
        if progress:
            progress(done)
    return done


def _copy_batch(complaints: list[Complaint], paths: list[list[tuple[Action, datetime]]], rng: random.Random) -> None:
    """Write one batch with PostgreSQL's COPY: the same rows bulk_create would write, many times faster.

    Ids come from the table's own sequence, reserved up front, so the events
    and reporters can point at their complaint without a round trip per row.
    """
    fields = [f for f in Complaint._meta.concrete_fields if f.column != "id"]
    event_columns = ["complaint_id", "at", "kind", "action", "actor_id", "actor_role", "from_status", "to_status",
                     "body", "is_public", "data"]  # fmt: skip

    def plain(value: object) -> object:
        return str(value) if isinstance(value, str) else value

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Complaint._meta.db_table, len(complaints)],
        )
        for c, (pk,) in zip(complaints, cursor.fetchall(), strict=True):
            c.pk = pk
        columns = ", ".join(["id", *[f.column for f in fields]])
        with cursor.copy(f"COPY {Complaint._meta.db_table} ({columns}) FROM STDIN") as copy:
            for c in complaints:
                copy.write_row([c.pk, *[plain(getattr(c, f.attname)) for f in fields]])
        reporters = []
        with cursor.copy(f"COPY {ComplaintEvent._meta.db_table} ({', '.join(event_columns)}) FROM STDIN") as copy:
            for c, steps in zip(complaints, paths, strict=True):
                copy.write_row([c.pk, c.created_at, "created", "", None, "reporter", "", str(Status.RECEIVED), "",
                                True, json.dumps({"channel": str(c.channel)})])  # fmt: skip
                status = Status.RECEIVED
                for action, at in steps:
                    rule = TRANSITIONS[action]
                    copy.write_row([c.pk, at, "transition", str(action), None, str(sorted(rule.actors)[0]), str(status),
                                    str(rule.target), "", rule.public, "{}"])  # fmt: skip
                    status = rule.target
                if not c.is_anonymous:
                    reporters.append((c.pk, rng.choice(NAMES)))
        with cursor.copy(
            f"COPY {Reporter._meta.db_table} (complaint_id, name, email, phone, address) FROM STDIN"
        ) as copy:
            for pk, name in reporters:
                copy.write_row([pk, name, "", "", ""])


def _apply_steps(
    c: Complaint,
    steps: list[tuple[Action, datetime]],
    category: Category,
    due: Callable[[Stage, datetime], datetime],
    rng: random.Random,
) -> None:
    """Fill the timestamps, OPD and deadlines a complaint would have after `steps`."""
    c.due_at = due(Stage.VERIFICATION, c.created_at)
    for action, at in steps:
        if action == Action.VERIFY:
            c.verified_at = at
            c.completion_due_at = due(Stage.COMPLETION, at)
        elif action == Action.DISPATCH:
            c.opd_id, c.dispatched_at = category.default_opd_id, at
        elif action in (Action.ACCEPT, Action.ANSWER) and c.first_response_at is None:
            c.first_response_at = at
        if action == Action.ANSWER:
            c.answered_at = at
        elif action == Action.REOPEN:
            c.reopen_count += 1
        elif action == Action.FORWARD:
            c.forwarded_to = "Kantor Pertanahan"
        elif action == Action.ARCHIVE:
            c.archive_reason = ArchiveReason.SPAM
        stage = STAGE_OF_STATUS[TRANSITIONS[action].target]
        if TRANSITIONS[action].target in (Status.CLOSED, Status.FORWARDED, Status.ARCHIVED):
            c.closed_at = at if TRANSITIONS[action].target == Status.CLOSED else None
            c.due_at = None
        elif stage == Stage.COMPLETION:
            c.due_at = c.completion_due_at
        elif stage is not None and action != Action.VERIFY:
            c.due_at = due(stage, at)
    if c.status == Status.CLOSED:
        c.close_reason = CloseReason.CONFIRMED
        if rng.random() < 0.7:
            c.rating, c.rated_at = rng.choice([5, 5, 4, 4, 3, 2, 1]), c.closed_at
