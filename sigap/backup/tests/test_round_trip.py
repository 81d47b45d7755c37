"""A jurisdiction survives a backup and a restore into a fresh database, row for row and byte for byte."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from sigap.audit.models import AuditEntry
from sigap.backup.archive import read
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.services import ReporterDetails, Submission, complaint_submit
from sigap.complaints.uploads import clean_upload
from sigap.demo.seeding import CITY_SLUG
from sigap.organisations.models import Category, Jurisdiction, Opd
from sigap.skm.models import SurveyResponse

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Runs in the restored database: the reporter's code and secret still open the case.
CHECK_RESTORED = """
import hashlib, json, os
from sigap.complaints.selectors import complaint_for_reporter
from sigap.organisations.models import Opd
case = complaint_for_reporter(code=os.environ["CODE"], secret=os.environ["SECRET"])
opd = Opd.objects.create(jurisdiction=case.jurisdiction, code="opd-baru", name="OPD baru")
print(json.dumps({
    "title": case.title,
    "events": list(case.events.order_by("pk").values_list("pk", "kind")),
    "attachment": hashlib.sha256(case.attachments.get().file.read()).hexdigest(),
    "new_opd_id": opd.pk,
}))
"""


def photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(out, format="PNG")
    return SimpleUploadedFile("jalan.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """Yield the DATABASE_URL of an empty database on the same server as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_restored"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    try:
        yield f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def manage(database_url: str, media: Path, *args: str, **env: str) -> str:
    """Run manage.py against another database, as an operator would."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "sigap.settings", "DATABASE_URL": database_url,
             "MEDIA_ROOT": str(media), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_jurisdiction_survives_backup_and_restore_into_a_fresh_database(tmp_path, fresh_database):
    call_command("seed_demo", stdout=io.StringIO())
    city = Jurisdiction.objects.get(slug=CITY_SLUG)
    case, secret = complaint_submit(
        submission=Submission(
            jurisdiction=city, title="Jalan berlubang di Jl. Panglima Sudirman",
            description="Lubang besar di depan pasar, sudah dua minggu, membahayakan pengendara.",
            category=Category.objects.filter(jurisdiction=city).first(), reporter=ReporterDetails(name="Warga Uji"),
        ),
        files=[clean_upload(photo())],
    )  # fmt: skip
    stored = case.attachments.get().file
    original = stored.read()
    first, second, media = tmp_path / "first.tar.gz", tmp_path / "second.tar.gz", tmp_path / "media"
    call_command("backup_jurisdiction", CITY_SLUG, str(first), stdout=io.StringIO())

    with pytest.raises(CommandError, match="already exists in this database"):
        call_command("restore_jurisdiction", str(first))

    manage(fresh_database, media, "migrate", "--noinput", "-v0")
    restored = manage(fresh_database, media, "restore_jurisdiction", str(first))
    assert restored.startswith(f"Restored {CITY_SLUG}: ")
    manage(fresh_database, media, "backup_jurisdiction", CITY_SLUG, str(second))

    before, after = read(first), read(second)
    counts = before.manifest["counts"]
    assert counts == after.manifest["counts"]
    assert counts["complaints.Complaint"] == Complaint.objects.filter(jurisdiction=city).count() == 61
    assert counts["complaints.ComplaintEvent"] == ComplaintEvent.objects.filter(complaint__jurisdiction=city).count()
    assert counts["audit.AuditEntry"] == AuditEntry.objects.filter(jurisdiction=city).count()
    assert counts["organisations.Opd"] == Opd.objects.filter(jurisdiction=city).count() == 28
    assert counts["skm.SurveyResponse"] == SurveyResponse.objects.filter(jurisdiction=city).count()
    assert counts["accounts.RoleAssignment"] > 0 and counts["ombudsman.Report"] == 3
    # Every field of every row, users and the Ombudsman office included, came back unchanged.
    rows_before, rows_after = json.loads(before.owned), json.loads(after.owned)
    assert len(rows_after) == len(rows_before) == sum(counts.values())
    for old, new in zip(rows_before, rows_after, strict=True):
        assert new == old, f"{old['model']} {old['pk']} changed"
    assert json.loads(after.shared) == json.loads(before.shared)
    assert after.files == before.files == {stored.name: original}

    output = manage(fresh_database, media, "shell", "-c", CHECK_RESTORED, CODE=case.tracking_code, SECRET=secret)
    check = json.loads(output.splitlines()[-1])
    assert check["title"] == case.title
    assert check["events"] == [list(e) for e in case.events.order_by("pk").values_list("pk", "kind")]
    assert check["attachment"] == hashlib.sha256(original).hexdigest()
    # New rows continue after the restored ids (PostgreSQL's sequences were moved on).
    assert check["new_opd_id"] > max(Opd.objects.values_list("pk", flat=True))


def test_restore_refuses_an_archive_whose_rows_are_already_here(tmp_path):
    call_command("seed_demo", "--stories", "2", stdout=io.StringIO())
    archive = tmp_path / "city.tar.gz"
    call_command("backup_jurisdiction", CITY_SLUG, str(archive), stdout=io.StringIO())
    # Renaming the city does not make its rows new: their ids are still taken.
    Jurisdiction.objects.filter(slug=CITY_SLUG).update(slug="kota-lama", domain=None)
    with pytest.raises(
        CommandError, match=r"Rows with the archive's ids already exist here: .*organisations.opd \(28\)"
    ):
        call_command("restore_jurisdiction", str(archive))
    assert not Jurisdiction.objects.filter(slug=CITY_SLUG).exists()


def test_backup_refuses_an_unknown_jurisdiction(tmp_path):
    with pytest.raises(CommandError, match="No jurisdiction with the code 'atlantis'"):
        call_command("backup_jurisdiction", "atlantis", str(tmp_path / "x.tar.gz"))
