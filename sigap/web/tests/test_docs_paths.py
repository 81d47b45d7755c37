"""Every document the code and the docs point to exists (a dead reference is a doc that disagrees)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = re.compile(r"\bdocs/[A-Za-z0-9_./-]+\.(?:md|png|svg|txt)\b")
MAKE_TARGET = re.compile(r"`make ([a-z-]+)`")
SOURCES = ("*.py", "*.md", "*.html", "*.txt")


def _files() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "conftest.py"]
    for folder in ("sigap", "docs", "bench"):
        for pattern in SOURCES:
            found += [p for p in (ROOT / folder).rglob(pattern) if "node_modules" not in p.parts]
    return found


def test_every_docs_path_named_in_code_and_docs_exists():
    missing = sorted(
        f"{path.relative_to(ROOT)}: {ref}"
        for path in _files()
        for ref in set(REFERENCE.findall(path.read_text(errors="ignore")))
        if not (ROOT / ref).exists()
    )
    assert missing == []


def test_every_make_target_named_in_code_and_docs_exists():
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.M))
    missing = sorted(
        f"{path.relative_to(ROOT)}: make {name}"
        for path in _files()
        for name in set(MAKE_TARGET.findall(path.read_text(errors="ignore")))
        if name not in targets
    )
    assert missing == []
