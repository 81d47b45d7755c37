"""Every user-facing text exists in Bahasa Indonesia, and the compiled catalogue is current."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SIGAP = Path(__file__).resolve().parents[2]
CATALOGUE = SIGAP / "locale" / "id" / "LC_MESSAGES" / "django.po"


def msgids(po: Path) -> set[tuple[str, str]]:
    """Return (context, msgid) pairs of a .po file, header excluded."""
    text = po.read_text(encoding="utf-8")
    pairs = set()
    for block in text.split("\n\n"):
        context = re.search(r'^msgctxt "(.*)"$', block, re.M)
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not match:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        if msgid:
            pairs.add((context.group(1) if context else "", msgid))
    return pairs


def test_the_indonesian_catalogue_is_complete():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


def test_the_compiled_catalogue_matches_the_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(CATALOGUE)], check=True)
    assert compiled.read_bytes() == CATALOGUE.with_suffix(".mo").read_bytes(), "run `make messages`"


@pytest.mark.slow
def test_every_text_in_the_code_is_in_the_catalogue(tmp_path):
    """Extract the messages afresh and check none is missing from the committed catalogue."""
    copy = tmp_path / "sigap"
    shutil.copytree(SIGAP, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "tests"))
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--locale", "id", "--no-location", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env=environment,
    )
    missing = msgids(copy / "locale" / "id" / "LC_MESSAGES" / "django.po") - msgids(CATALOGUE)
    assert not missing, f"untranslated texts, run `make messages` and translate: {sorted(missing)[:10]}"
