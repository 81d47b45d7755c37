"""schemathesis against /api/v1/openapi.json on a live server: no server error, nothing that contradicts the schema.

Bounded: a fixed seed and number of examples per operation, so it finishes in about a minute.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from sigap.apikeys.scopes import Scope
from sigap.apikeys.services import apikey_create
from sigap.complaints.services import ReporterDetails, Submission, complaint_submit
from sigap.test import Personas

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)


def run_schemathesis(url: str, config: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).parent / "st"), "--config-file", str(config), "run", url,
        "--checks", CHECKS,
        "--phases", "examples,coverage,fuzzing",
        "--max-examples", "20",
        "--seed", "20261126",
        "--workers", "1",
        "--generation-database", "none",
        "--request-timeout", "20",
        "--no-color",
        *extra,
    ]  # fmt: skip
    # schemathesis keeps a crash cache in its working directory: keep it out of the source tree.
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=config.parent)


@pytest.mark.parametrize("who", ["api_key", "anonymous"])
def test_schemathesis_finds_no_server_error_and_no_schema_violation(live_server, settings, tmp_path, who):
    # Generated requests must not all end in 429: the limits themselves are tested elsewhere.
    settings.SIGAP_API_WRITES_PER_ADDRESS = 100_000
    settings.SIGAP_API_WRITES_PER_KEY = 100_000
    settings.SIGAP_API_SECRET_ATTEMPTS_PER_HOUR = 100_000
    settings.SIGAP_API_WRONG_KEYS_PER_HOUR = 100_000
    people = SimpleNamespace()
    Personas.build(people)
    case, secret = complaint_submit(
        submission=Submission(
            jurisdiction=people.city,
            title="Jalan rusak",
            description="Jalan rusak berat di depan kantor kelurahan sejak bulan lalu.",
            category=people.roads,
            reporter=ReporterDetails(name="Budi"),
        )
    )
    # Real identifiers, so generated calls also reach the code behind a found case, not only 404s.
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        "[parameters]\n"
        f'"path.code" = "{case.tracking_code}"\n'
        f'"header.X-Complaint-Secret" = "{secret}"\n'
        '"query.jurisdiction" = "kota-contoh"\n'
    )
    extra: list[str] = []
    if who == "api_key":
        _k, raw = apikey_create(
            name="schemathesis", jurisdiction=people.city, scopes=list(Scope), user=people.admin, actor=None
        )
        extra = ["--header", f"Authorization: Bearer {raw}"]
    result = run_schemathesis(f"{live_server.url}/api/v1/openapi.json", config, *extra)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
