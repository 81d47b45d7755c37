"""Every URL pattern × every persona × an object of their own OPD and of another OPD.

The table below says who may open each page (GET) and who may act on it (POST).
Anyone else must be refused (403, 404, 405 or sent to sign in), and a refused
POST must leave every table as it was. A new URL pattern fails
`test_every_url_pattern_is_in_the_matrix` until it is given a row.

Who, in the table (the personas of sigap.test; "own" = the object's OPD):

    anon        nobody signed in            warga       a reporter with an account
    filer       the same reporter, for the case they filed (the own-OPD one)
    admin       complaint administrator     admin_lain  complaint administrator of another city
    officer     OPD officer of the object's OPD          officer_other  OPD officer of another OPD
    head        OPD head of the object's OPD             head_other     OPD head of another OPD
    focal       focal point of the object's OPD          focal_other    focal point of another OPD
    insp        Inspektorat                 omb         Ombudsman officer
    kepeg       staff administrator         kepeg_lain  staff administrator of another city
    sys         system administrator

Each row is asked twice: with OPD A's objects (petugas_a, kepala_a, focal_a are
"own", petugas_b "other") and with OPD B's (petugas_b "own", the OPD A trio "other").
"""

from __future__ import annotations

from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any

from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.complaints.models import Complaint
from sigap.publicreports.services import public_report_create
from sigap.test import BaseTestCase, Client
from sigap.web.tests.access import outcome, url_patterns, writes
from sigap.web.tests.world import Side, build_world

WHO = [
    *["anon", "warga", "filer", "admin", "admin_lain", "officer", "officer_other", "head", "head_other"],
    *["focal", "focal_other", "insp", "omb", "kepeg", "kepeg_lain", "sys"],
]

# The arguments each pattern is called with, from the world (t) and one OPD's side (s).
ARGS: dict[str, Callable[[Any, Side], dict[str, Any]]] = {}


def _args(*names: str, build: Callable[[Any, Side], dict[str, Any]]) -> None:
    for name in names:
        ARGS[name] = build


def _none(t: Any, s: Side) -> dict[str, Any]:
    return {}


_args("staff:accept", build=lambda t, s: {"token": t.invitation_token})
_args("staff:password_reset", build=lambda t, s: {"uidb64": t.reset_uid, "token": t.reset_token})
_args("staff:list", "staff:invite", build=lambda t, s: {"jid": t.city.pk})
_args("staff:withdraw", build=lambda t, s: {"jid": t.city.pk, "pk": t.invitation})
_args(
    "staff:member",
    "staff:role_add",
    "staff:deactivate",
    "staff:password_reset_send",
    "staff:twofactor_reset",
    "staff:unlock",
    build=lambda t, s: {"jid": t.city.pk, "uid": s.officer},
)
_args("staff:role_remove", build=lambda t, s: {"jid": t.city.pk, "uid": s.officer, "aid": s.role_assignment})
_args("portal:thanks", "portal:case", "portal:reply", "portal:rate", build=lambda t, s: {"code": s.code})
_args("portal:act", build=lambda t, s: {"code": s.code, "action": "confirm"})
_args("portal:attachment", build=lambda t, s: {"code": s.code, "pk": s.attachment})
_args(
    "training:detail",
    "training:material_add",
    "training:participants",
    "training:attendance",
    build=lambda t, s: {"pk": t.training.pk},
)
_args("training:material", build=lambda t, s: {"pk": t.training.pk, "material_id": t.material.pk})
_args("training:certificate", build=lambda t, s: {"participation_id": s.participation})
_args("training:opd", "performance:opd", build=lambda t, s: {"opd_id": s.opd})
_args("knowledge:article", build=lambda t, s: {"pk": t.article.pk})
_args(
    "knowledge:template_edit",
    "knowledge:template_approve",
    "knowledge:template_retire",
    build=lambda t, s: {"pk": t.template.pk},
)
_args("performance:officer", build=lambda t, s: {"user_id": s.officer})
_args("standards:public_detail", "standards:edit", "skm:service_survey", build=lambda t, s: {"pk": s.service})
_args("skm:complaint_survey", build=lambda t, s: {"code": s.code})
_args("skm:unit_results", build=lambda t, s: {"pk": s.unit})
_args("notifications:retry", build=lambda t, s: {"pk": t.notification.pk})
_args(
    "backoffice:case",
    "backoffice:note",
    "backoffice:reply",
    "backoffice:classify",
    "backoffice:identity",
    "backoffice:compensation_claim",
    "backoffice:compensation_payment",
    "maladministration:classify",
    "maladministration:review",
    "suggestions:follow",
    "suggestions:follow_add",
    build=lambda t, s: {"code": s.code},
)
_args("backoffice:transition", build=lambda t, s: {"code": s.code, "action": "accept"})
_args("backoffice:attachment", build=lambda t, s: {"code": s.code, "pk": s.attachment})
_args("oversight:request", "oversight:receipt", build=lambda t, s: {"pk": s.oversight_request})
_args("oversight:document", build=lambda t, s: {"pk": s.oversight_request, "doc": s.oversight_document})
_args(
    "ombudsman:report",
    "ombudsman:identity",
    "ombudsman:checks",
    "ombudsman:note",
    "ombudsman:request",
    "ombudsman:classify",
    "ombudsman:receipt",
    build=lambda t, s: {"pk": s.ombudsman_report},
)
_args("ombudsman:action", build=lambda t, s: {"pk": s.ombudsman_report, "action": "verify"})
_args("ombudsman:notice_sent", build=lambda t, s: {"pk": s.ombudsman_report, "kind": "recommendation"})
_args("inspektorat:opd_report", "inspektorat:explanation", build=lambda t, s: {"pk": s.opd})
_args(
    "compliance:assessment",
    "compliance:evidence",
    "compliance:submit",
    build=lambda t, s: {"unit": s.unit, "year": t.year},
)
_args("compliance:evidence_file", build=lambda t, s: {"unit": s.unit, "year": t.year, "pk": s.evidence})
_args("channels:inbound_detail", build=lambda t, s: {"pk": t.inbound.pk})
_args("channels:lapor_export", build=lambda t, s: {"source": "lapor", "fmt": "csv"})
_args("channels:forum_entry", build=lambda t, s: {"pk": t.forum.pk})
_args("channels:gateway", build=lambda t, s: {"channel": "sms", "jurisdiction": t.city.slug})
_args("dashboards:public_jurisdiction", "dashboards:public_map", build=lambda t, s: {"slug": t.city.slug})
_args("exports:detail", "exports:download", build=lambda t, s: {"export_id": t.export.pk})
_args("suggestions:link", "suggestions:merge", build=lambda t, s: {"code": s.code, "other": s.other_code})
_args("suggestions:auto_dispatch_undo", build=lambda t, s: {"code": s.code})
_args(
    "api-v1:complaint_detail",
    "api-v1:complaint_public",
    "api-v1:complaint_timeline",
    "api-v1:complaint_reporter",
    "api-v1:complaint_transition",
    "api-v1:complaint_attachments",
    "api-v1:complaint_attachment_upload",
    build=lambda t, s: {"code": s.code},
)
_args("api-v1:complaint_attachment_file", build=lambda t, s: {"code": s.code, "attachment_id": s.attachment})
_args(
    "open311:discovery", "open311:services", "open311:requests", "open311:updates", build=lambda t, s: {"fmt": "json"}
)
_args("open311:service", build=lambda t, s: {"fmt": "json", "service_code": "jalan"})
_args("open311:request", build=lambda t, s: {"fmt": "json", "service_request_id": s.code})
_args("open311:token", build=lambda t, s: {"fmt": "json", "token": "tidak-ada"})

_args(
    "publicreports:detail",
    "publicreports:support",
    "publicreports:support_phone",
    "publicreports:moderate",
    build=lambda t, s: {"code": s.code},
)
_args("publicreports:photo", build=lambda t, s: {"code": s.code, "pk": s.attachment})
_args(
    "publicreports:support_confirm",
    "publicreports:support_phone_code",
    "alerts:confirm",
    "alerts:unsubscribe",
    build=lambda t, s: {"token": "tidak-ada"},
)
_args("alerts:feed_area", build=lambda t, s: {"pk": 999_999})
_args("alerts:feed_category", build=lambda t, s: {"pk": t.roads.pk})
_args("citizens:receipt", build=lambda t, s: {"code": s.code})

# Patterns without a name are reached by a literal path.
LITERAL = {
    "api-v1:<unnamed ^(?P<rest>.*)$>": "/api/v1/tidak-ada",
    "open311:<unnamed ^(?P<rest>.+)$>": "/open311/v2/tidak-ada.json",
    "admin": "/sysadmin/",
}


def url_for(name: str, t: Any, s: Side) -> str:
    if name in LITERAL:
        return LITERAL[name]
    build = ARGS.get(name, _none)
    return reverse(name, kwargs=build(t, s) or None)


def personas(t: Any, side: str) -> dict[str, Any]:
    """Map the table's words to persona users for one side (anon: None, nobody signed in)."""
    a = side == "own"
    people = {
        "anon": None,
        "warga": t.warga,
        "filer": t.warga if a else None,
        "admin": t.admin,
        "admin_lain": t.admin_lain,
        "officer": t.petugas_a if a else t.petugas_b,
        "officer_other": t.petugas_b if a else t.petugas_a,
        "head": t.kepala_a if a else None,
        "head_other": None if a else t.kepala_a,
        "focal": t.focal_a if a else None,
        "focal_other": None if a else t.focal_a,
        "insp": t.inspektur,
        "omb": t.ombudsman,
        "kepeg": t.kepegawaian,
        "kepeg_lain": t.kepegawaian_lain,
        "sys": t.sysadmin,
    }
    return {word: user for word, user in people.items() if user is not None or word == "anon"}


# Who may GET a page, and who may act on it with POST. Everyone else is refused.
# POST is sent empty: a write that needs no form (deactivate, approve, retry) is
# exactly what a missing check would let through. An empty POST that is answered
# 400/422 (form or schema invalid) is accepted from anyone, as long as nothing changed.
# STAFF, CASE_READERS and EVERYONE are spelled out in ALIASES below.
MATRIX: dict[str, tuple[str, str]] = {
    "staff:second_factor": ("warga STAFF sys", "warga STAFF sys"),
    "staff:enrol": ("STAFF sys", "STAFF sys"),
    "staff:security": ("warga STAFF sys", "warga STAFF sys"),
    "staff:recovery_codes": ("", "STAFF"),
    "staff:accept": ("EVERYONE", "EVERYONE"),
    "staff:password_reset": ("EVERYONE", "EVERYONE"),
    "staff:password_forgotten": ("EVERYONE", "EVERYONE"),
    "staff:home": ("kepeg kepeg_lain", "kepeg kepeg_lain"),
    "staff:list": ("kepeg", "kepeg"),
    "staff:invite": ("kepeg", "kepeg"),
    "staff:withdraw": ("", "kepeg"),
    "staff:member": ("kepeg", "kepeg"),
    "staff:role_add": ("", "kepeg"),
    "staff:role_remove": ("", "kepeg"),
    "staff:deactivate": ("", "kepeg"),
    "staff:password_reset_send": ("", "kepeg"),
    "staff:twofactor_reset": ("", "kepeg"),
    "staff:unlock": ("", "kepeg"),
    "portal:home": ("EVERYONE", "EVERYONE"),
    "portal:submit": ("EVERYONE", "EVERYONE"),
    "portal:thanks": ("filer", "filer"),
    "portal:track": ("EVERYONE", "EVERYONE"),
    "portal:case": ("filer", "filer"),
    "portal:act": ("", "filer"),
    "portal:reply": ("", "filer"),
    "portal:rate": ("", "filer"),
    "portal:attachment": ("filer", "filer"),
    "portal:mine": ("warga STAFF sys", "warga STAFF sys"),
    "training:home": ("STAFF", "STAFF"),
    "training:create": ("kepeg kepeg_lain", "kepeg kepeg_lain"),
    "training:detail": (
        "admin officer officer_other head head_other focal focal_other insp kepeg",
        "admin officer officer_other head head_other focal focal_other insp kepeg",
    ),
    "training:material_add": ("", "kepeg"),
    "training:material": (
        "admin officer officer_other head head_other focal focal_other insp kepeg",
        "admin officer officer_other head head_other focal focal_other insp kepeg",
    ),
    "training:participants": ("", "kepeg"),
    "training:attendance": ("", "kepeg"),
    "training:certificate": ("officer head kepeg", "officer head kepeg"),
    "training:opd": ("officer head focal insp kepeg", "officer head focal insp kepeg"),
    "knowledge:home": ("STAFF", "STAFF"),
    "knowledge:article": ("STAFF", "STAFF"),
    "knowledge:templates": ("STAFF", "STAFF"),
    "knowledge:template_new": ("admin admin_lain head head_other", "admin admin_lain head head_other"),
    "knowledge:template_edit": ("admin head head_other", "admin head head_other"),
    "knowledge:template_approve": ("", "admin"),
    "knowledge:template_retire": ("", "admin"),
    "performance:home": ("officer officer_other head head_other insp", "officer officer_other head head_other insp"),
    "performance:opd": ("officer head insp", "officer head insp"),
    "performance:officer": ("officer head insp", "officer head insp"),
    "standards:public_index": ("EVERYONE", "EVERYONE"),
    "standards:public_detail": ("", ""),
    "standards:manage": (
        "admin officer officer_other head head_other focal focal_other insp omb",
        "admin officer officer_other head head_other focal focal_other insp omb",
    ),
    "standards:edit": ("CASE_READERS", ""),
    "skm:services": ("EVERYONE", "EVERYONE"),
    "skm:service_survey": ("EVERYONE", ""),
    "skm:complaint_survey": ("filer", ""),
    "skm:results": ("STAFF", "STAFF"),
    "skm:unit_results": ("CASE_READERS", "CASE_READERS"),
    "notifications:outbox": ("admin admin_lain", "admin admin_lain"),
    "notifications:retry": ("", "admin"),
    "escalation:sweeps": ("admin admin_lain", ""),
    "backoffice:inbox": ("STAFF", "STAFF"),
    "backoffice:record": ("admin admin_lain", "admin admin_lain"),
    "backoffice:case": ("CASE_READERS", "CASE_READERS"),
    "backoffice:transition": ("", "officer head"),
    "backoffice:note": ("", "CASE_READERS"),
    "backoffice:reply": ("", "admin officer head"),
    "backoffice:classify": ("", "admin"),
    "backoffice:identity": ("admin officer head", ""),
    "backoffice:compensation_claim": ("", "admin"),
    "backoffice:compensation_payment": ("", "admin officer head"),
    "backoffice:attachment": ("CASE_READERS", "CASE_READERS"),
    "maladministration:classify": ("", "admin officer head"),
    "maladministration:review": ("", "omb"),
    "oversight:requests": ("STAFF", "STAFF"),
    "oversight:request": ("head focal insp", ""),
    # The requester (here the Inspektorat) types the date on the institution's signed receipt.
    "oversight:receipt": ("", "insp"),
    "oversight:document": ("head focal insp", "head focal insp"),
    "oversight:warnings": ("admin admin_lain head head_other insp omb", "admin admin_lain head head_other insp omb"),
    "ombudsman:workspace": ("omb", "omb"),
    "ombudsman:report_new": ("omb", ""),
    "ombudsman:report": ("omb", "omb"),
    "ombudsman:identity": ("omb", ""),
    "ombudsman:checks": ("", "omb"),
    "ombudsman:action": ("", ""),
    "ombudsman:note": ("", "omb"),
    "ombudsman:request": ("", "omb"),
    "ombudsman:classify": ("", "omb"),
    "ombudsman:notice_sent": ("", "omb"),
    "ombudsman:receipt": ("", "omb"),
    "inspektorat:monitoring": ("insp", "insp"),
    "inspektorat:opd_report": ("insp", "insp"),
    "inspektorat:explanation": ("", "insp"),
    "compliance:home": ("STAFF", "STAFF"),
    "compliance:assessment": ("CASE_READERS", "officer head"),
    "compliance:evidence": ("", ""),
    "compliance:submit": ("", "officer head"),
    "compliance:evidence_file": ("CASE_READERS", "CASE_READERS"),
    "channels:inbound": ("admin admin_lain", "admin admin_lain"),
    "channels:inbound_detail": ("admin", "admin"),
    "channels:lapor_import": ("admin admin_lain", ""),
    "channels:lapor_export": ("admin admin_lain", "admin admin_lain"),
    "channels:forum_sessions": ("admin admin_lain", "admin admin_lain"),
    "channels:forum_entry": ("admin", "admin"),
    "channels:gateway": ("", ""),
    "channels:wa_cloud": ("", ""),
    "channels:telegram": ("", ""),
    "dashboards:dashboard": ("admin admin_lain officer officer_other head head_other focal focal_other insp omb", ""),
    "dashboards:map": ("admin admin_lain officer officer_other head head_other focal focal_other insp omb", ""),
    "dashboards:public": ("EVERYONE", ""),
    "dashboards:public_jurisdiction": ("EVERYONE", ""),
    "dashboards:public_map": ("EVERYONE", ""),
    "exports:list": ("STAFF", ""),
    "exports:inbox": ("", "STAFF"),
    "exports:report": ("", ""),
    "exports:detail": ("admin", ""),
    "exports:download": ("", ""),
    "suggestions:link": ("", "admin officer head"),
    "suggestions:merge": ("", "admin"),
    "suggestions:auto_dispatch_undo": ("", "admin"),
    "suggestions:auto_dispatch_settings": ("admin admin_lain", "admin admin_lain"),
    "suggestions:similar": ("EVERYONE", ""),
    "suggestions:follow": ("EVERYONE", ""),
    "suggestions:follow_add": ("", "EVERYONE"),
    "publicreports:list": ("EVERYONE", ""),
    "publicreports:map": ("EVERYONE", ""),
    # The world's cases are not published: nobody sees them on the public side.
    "publicreports:detail": ("", ""),
    "publicreports:photo": ("", ""),
    "publicreports:support": ("", ""),
    "publicreports:support_confirm": ("", ""),
    "publicreports:support_phone": ("", ""),
    "publicreports:support_phone_code": ("", ""),
    "publicreports:moderate": ("", "admin"),
    "alerts:subscribe": ("EVERYONE", "EVERYONE"),
    "alerts:confirm": ("", ""),
    "alerts:unsubscribe": ("", ""),
    "alerts:feed_all": ("EVERYONE", ""),
    "alerts:feed_area": ("", ""),
    "alerts:feed_category": ("EVERYONE", ""),
    "citizens:receipt": ("", ""),
    "citizens:account": ("warga STAFF sys", ""),
    "citizens:claim": ("", "warga STAFF sys"),
    "citizens:preferences": ("", "warga STAFF sys"),
    "accounts:login": ("anon warga", "anon warga"),
    "accounts:logout": ("", "EVERYONE"),
    "accounts:signup": ("EVERYONE", "EVERYONE"),
    "set_language": ("EVERYONE", "EVERYONE"),
    "admin": ("sys", "sys"),
    "api-v1:openapi-json": ("EVERYONE", "EVERYONE"),
    "api-v1:openapi-view": ("EVERYONE", "EVERYONE"),
    "api-v1:jurisdiction_list": ("EVERYONE", ""),
    "api-v1:opd_list": ("EVERYONE", ""),
    "api-v1:service_list": ("EVERYONE", ""),
    "api-v1:category_list": ("EVERYONE", ""),
    "api-v1:complaint_create": ("STAFF", ""),
    "api-v1:complaint_list": ("STAFF", ""),
    "api-v1:complaint_detail": ("CASE_READERS", ""),
    "api-v1:complaint_public": ("EVERYONE", ""),
    "api-v1:complaint_timeline": ("CASE_READERS", ""),
    "api-v1:complaint_reporter": ("admin officer head", ""),
    "api-v1:complaint_transition": ("", ""),
    "api-v1:complaint_attachments": ("CASE_READERS", ""),
    "api-v1:complaint_attachment_upload": ("CASE_READERS", ""),
    "api-v1:complaint_attachment_file": ("CASE_READERS", ""),
    "api-v1:api-root": ("", ""),
    "api-v1:<unnamed ^(?P<rest>.*)$>": ("", ""),
    "open311:index": ("EVERYONE", "EVERYONE"),
    "open311:discovery": ("EVERYONE", ""),
    "open311:services": ("EVERYONE", ""),
    "open311:service": ("EVERYONE", ""),
    "open311:requests": ("EVERYONE", ""),
    "open311:request": ("EVERYONE", ""),
    "open311:token": ("EVERYONE", ""),
    "open311:updates": ("EVERYONE", ""),
    "open311:<unnamed ^(?P<rest>.+)$>": ("", ""),
}

ALIASES = {
    "EVERYONE": " ".join(w for w in WHO if w != "filer"),
    # Every staff role of the city (and of the other city), not the system administrator.
    "STAFF": "admin admin_lain officer officer_other head head_other focal focal_other insp omb kepeg kepeg_lain",
    # Who reads a case: docs/roles.md, "cases visible".
    "CASE_READERS": "admin officer head focal insp omb",
}


def allowed_words(cell: str) -> set[str]:
    return set(" ".join(ALIASES.get(word, word) for word in cell.split()).split())


@override_settings(
    SIGAP_API_WRITES_PER_ADDRESS=100_000,
    SIGAP_API_WRITES_PER_KEY=100_000,
    SIGAP_API_SECRET_ATTEMPTS_PER_HOUR=100_000,
    SIGAP_USE_SMS=True,
    SIGAP_SMS_SECRET="uji",
)
class PermissionMatrixTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_world(cls)
        # Each case has the public-report row the portal creates at filing (not published).
        for side in (cls.own, cls.other):
            public_report_create(complaint=Complaint.objects.get(tracking_code=side.code))

    def setUp(self) -> None:
        super().setUp()
        self.clients: dict[Any, Client] = {}

    def client_for(self, user: Any) -> Client:
        if user not in self.clients:
            client = Client()
            if user is not None:
                client.force_login(user)
            self.clients[user] = client
        return self.clients[user]

    def call(self, user: Any, method: str, url: str) -> tuple[Any, list[str]]:
        """Call `url` as `user` and undo whatever it did; return the response and the writes it made."""
        client = self.client_for(user)
        cookies = client.cookies
        client.cookies = SimpleCookie(cookies)  # signing out or in must not carry over to the next call
        connection.queries_log.clear()  # the log keeps 9000 queries; a full one captures nothing
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
        client.cookies = cookies
        return response, writes(queries.captured_queries)

    def check(self, names: list[str]) -> int:
        checked = 0
        for name in names:
            read, write = MATRIX[name]
            for side, s in (("own", self.own), ("other", self.other)):
                url = url_for(name, self, s)
                people = personas(self, side)
                users = set(people.values())
                for method, cell in (("get", read), ("post", write)):
                    words = allowed_words(cell)
                    for user in users:
                        may = any(people[w] == user for w in words if w in people)
                        response, changed = self.call(user, method, url)
                        got = outcome(response)
                        who = getattr(user, "username", "anonymous")
                        with self.subTest(name=name, side=side, method=method, who=who):
                            self.assertNotEqual(got, "error", f"{method.upper()} {url} as {who}: server error")
                            if method == "post" and response.status_code in (400, 422):
                                got = "invalid"
                            if may:
                                self.assertIn(got, ("allowed", "invalid"), f"{method.upper()} {url} refused to {who}")
                            else:
                                self.assertIn(got, ("refused", "invalid"), f"{method.upper()} {url} open to {who}")
                                if method == "post":
                                    self.assertEqual(changed, [], f"POST {url} as {who} changed data")
                        checked += 1
        return checked


def _area_test(prefixes: tuple[str, ...]) -> Callable[[PermissionMatrixTest], None]:
    def test(self: PermissionMatrixTest) -> None:
        names = [n for n in MATRIX if n.split(":")[0] in prefixes]
        self.assertTrue(names)
        self.check(names)

    return test


# One test per area, so they spread over the test workers.
AREAS = {
    "accounts_and_staff": ("staff", "accounts", "set_language", "admin"),
    "portal_and_public": ("portal", "standards", "skm", "suggestions", "dashboards"),
    "citizens_side": ("publicreports", "alerts", "citizens"),
    "cases": ("backoffice", "maladministration", "notifications", "escalation", "exports"),
    "oversight": ("oversight", "ombudsman", "inspektorat", "compliance"),
    "capacity": ("training", "knowledge", "performance"),
    "channels": ("channels",),
    "api": ("api-v1",),
    "open311": ("open311",),
}
for _area, _prefixes in AREAS.items():
    setattr(PermissionMatrixTest, f"test_{_area}_pages_answer_as_the_matrix_says", _area_test(_prefixes))


class MatrixCoverageTest(BaseTestCase):
    def test_every_url_pattern_is_in_the_matrix(self) -> None:
        names = {name for name, _route in url_patterns()}
        self.assertEqual(sorted(names - set(MATRIX)), [], "give these URL patterns a row in MATRIX")
        self.assertEqual(sorted(set(MATRIX) - names), [], "these MATRIX rows match no URL pattern any more")

    def test_every_area_is_tested(self) -> None:
        prefixes = {p for group in AREAS.values() for p in group}
        self.assertEqual(sorted({n.split(":")[0] for n in MATRIX} - prefixes), [])

    def test_every_word_of_the_matrix_is_a_persona(self) -> None:
        for name, cells in MATRIX.items():
            for cell in cells:
                self.assertLessEqual(allowed_words(cell), set(WHO), name)
