"""One jurisdiction's data as a single archive, and back into a database that lacks it.

The archive is a gzipped tar holding:

- `manifest.json`: format, jurisdiction, the migrations applied when it was made, rows per model;
- `owned.json`: every row that belongs to the jurisdiction, found by following foreign keys from
  it (OPD, units, services, categories, complaints and everything hanging off them), with their ids;
- `shared.json`: rows the owned ones refer to without owning them: user accounts, other
  jurisdictions (the Ombudsman office) and reference data;
- `media/<name>`: the stored files of both.

Rows keep their ids, so the append-only timelines are inserted exactly as they were and
references inside free text or JSON (audit entries' object ids) stay true. Users and
jurisdictions are referred to by natural key (username, code): an account that already exists
in the target is reused, not duplicated.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField, Model

from sigap.complaints.models import Complaint
from sigap.organisations.models import Jurisdiction
from sigap.search.documents import document_refresh

FORMAT = 1
CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit

ModelType = type[Model]
Rows = dict[ModelType, set[Any]]


class RestoreRefused(Exception):
    """The archive cannot be restored into this database; nothing was written."""


@dataclass
class Summary:
    jurisdiction: str
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0


class ExactJSONEncoder(DjangoJSONEncoder):
    """Keep microseconds: Django's encoder cuts times to milliseconds, which a restore must not."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _natural_models() -> tuple[ModelType, ...]:
    return (get_user_model(), Jurisdiction)


def _project_models() -> list[ModelType]:
    return [m for m in apps.get_models() if m.__module__.startswith("sigap.") and not m._meta.proxy]


def _relations(model: ModelType) -> list[Any]:
    return [f for f in model._meta.concrete_fields if f.is_relation]


def _chunks(ids: Iterable[Any]) -> Iterator[list[Any]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def collect(jurisdiction: Jurisdiction) -> tuple[Rows, Rows]:
    """Return the ids of the rows the jurisdiction owns, and of the rows they refer to.

    A row is owned when one of its foreign keys points at an owned row, starting from the
    jurisdiction. User accounts and other jurisdictions are never owned: they are shared, so
    that one officer's account does not pull in every jurisdiction the officer worked for.
    """
    owned: Rows = {Jurisdiction: {jurisdiction.pk}}
    candidates = [m for m in _project_models() if m not in _natural_models()]
    # Each round looks only for rows pointing at the rows the previous round found.
    frontier: Rows = dict(owned)
    while frontier:
        added: Rows = defaultdict(set)
        for model in candidates:
            for relation in _relations(model):
                target = relation.related_model
                if target not in frontier or target is get_user_model():
                    continue
                for chunk in _chunks(frontier[target]):
                    added[model] |= set(
                        model._base_manager.filter(**{f"{relation.attname}__in": chunk}).values_list("pk", flat=True)
                    )
        frontier = {}
        for model, ids in added.items():
            new = ids - owned.get(model, set())
            if new:
                owned.setdefault(model, set()).update(new)
                frontier[model] = new

    shared: Rows = defaultdict(set)
    pending = list(owned.items())
    while pending:
        model, ids = pending.pop()
        for relation in _relations(model):
            target = relation.related_model
            refs: set[Any] = set()
            for chunk in _chunks(ids):
                refs |= set(
                    model._base_manager.filter(pk__in=chunk)
                    .exclude(**{f"{relation.attname}__isnull": True})
                    .values_list(relation.attname, flat=True)
                )
            refs -= owned.get(target, set()) | shared[target]
            if refs:
                shared[target] |= refs
                pending.append((target, refs))
    return owned, {m: ids for m, ids in shared.items() if ids}


def _ordered(rows: Rows) -> list[ModelType]:
    """Users and jurisdictions first: later rows look them up by natural key while loading."""
    natural = _natural_models()
    return sorted(rows, key=lambda m: (m not in natural, m is Jurisdiction, m._meta.label))


def _instances(rows: Rows) -> Iterator[Model]:
    for model in _ordered(rows):
        batch: list[Model] = []
        for chunk in _chunks(rows[model]):
            batch.extend(model._base_manager.filter(pk__in=chunk))
        # A jurisdiction refers to its Ombudsman office by code: offices come first.
        yield from sorted(batch, key=lambda row: (getattr(row, "overseen_by_id", None) is not None, row.pk))


def _file_names(rows: Rows) -> Iterator[tuple[Any, str]]:
    for model in _ordered(rows):
        fields = [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
        for file_field in fields:
            for chunk in _chunks(rows[model]):
                names = model._base_manager.filter(pk__in=chunk).values_list(file_field.attname, flat=True)
                for name in names:
                    if name:
                        yield file_field.storage, name


def _applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(tz=UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup(jurisdiction: Jurisdiction, path: Path) -> Summary:
    """Write the jurisdiction's rows and files to `path` (a .tar.gz)."""
    with transaction.atomic():  # one consistent snapshot on PostgreSQL
        owned, shared = collect(jurisdiction)
        owned_json = serializers.serialize(
            "json", _instances(owned), use_natural_foreign_keys=True, indent=1, cls=ExactJSONEncoder
        )
        shared_json = serializers.serialize(
            "json", _instances(shared), use_natural_foreign_keys=True, indent=1, cls=ExactJSONEncoder
        )
        files = {name: storage for storage, name in [*_file_names(owned), *_file_names(shared)]}
        summary = Summary(
            jurisdiction=jurisdiction.slug,
            counts={m._meta.label: len(ids) for m, ids in sorted(owned.items(), key=lambda i: i[0]._meta.label)},
            files=len(files),
        )
        manifest = {
            "format": FORMAT,
            "jurisdiction": jurisdiction.slug,
            "created_at": datetime.now(tz=UTC).isoformat(),
            "migrations": _applied_migrations(),
            "counts": summary.counts,
            "shared_counts": {m._meta.label: len(ids) for m, ids in shared.items()},
            "files": sorted(files),
        }
        with tarfile.open(path, "w:gz") as tar:
            _add(tar, "manifest.json", json.dumps(manifest, indent=1, sort_keys=True).encode())
            _add(tar, "owned.json", owned_json.encode())
            _add(tar, "shared.json", shared_json.encode())
            for name, storage in sorted(files.items()):
                with storage.open(name, "rb") as stored:
                    _add(tar, f"media/{name}", stored.read())
    return summary


@dataclass
class Archive:
    manifest: dict[str, Any]
    owned: str
    shared: str
    files: dict[str, bytes]


def read(path: Path) -> Archive:
    """Read an archive written by `backup`."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = {m.name: tar.extractfile(m) for m in tar.getmembers() if m.isfile()}
            contents = {name: handle.read() for name, handle in members.items() if handle is not None}
    except (OSError, tarfile.TarError) as error:
        raise RestoreRefused(f"{path} is not a readable backup archive: {error}") from error
    if "manifest.json" not in contents:
        raise RestoreRefused(f"{path} is not a Sigap backup archive (no manifest.json).")
    manifest = json.loads(contents["manifest.json"])
    if manifest.get("format") != FORMAT:
        raise RestoreRefused(f"Unsupported archive format {manifest.get('format')!r} (this Sigap reads {FORMAT}).")
    return Archive(
        manifest=manifest,
        owned=contents["owned.json"].decode(),
        shared=contents["shared.json"].decode(),
        files={name.removeprefix("media/"): data for name, data in contents.items() if name.startswith("media/")},
    )


def _check_target(archive: Archive) -> None:
    slug = archive.manifest["jurisdiction"]
    if Jurisdiction.objects.filter(slug=slug).exists():
        raise RestoreRefused(
            f"Jurisdiction {slug!r} already exists in this database; restore only into a database that lacks it."
        )
    missing = {tuple(m) for m in archive.manifest["migrations"]} - set(
        MigrationRecorder(connection).applied_migrations()
    )
    if missing:
        names = ", ".join(f"{app}.{name}" for app, name in sorted(missing)[:5])
        raise RestoreRefused(f"Run `manage.py migrate` first: this database lacks {len(missing)} migrations ({names}).")
    taken: list[str] = []
    ids: dict[str, list[Any]] = defaultdict(list)
    for row in json.loads(archive.owned):
        ids[row["model"]].append(row["pk"])
    for label, pks in sorted(ids.items()):
        model = apps.get_model(label)
        clashes = sum(model._base_manager.filter(pk__in=chunk).count() for chunk in _chunks(pks))
        if clashes:
            taken.append(f"{label} ({clashes})")
    if taken:
        raise RestoreRefused(
            "Rows with the archive's ids already exist here: " + ", ".join(taken) + ". Restore into a database "
            "without them (a new one, or the one the backup came from after it lost this jurisdiction)."
        )
    for name, data in archive.files.items():
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as stored:
                if stored.read() != data:
                    raise RestoreRefused(f"A different file is already stored as {name}.")


def _load_shared(data: str) -> None:
    natural = _natural_models()
    for item in serializers.deserialize("json", data, use_natural_foreign_keys=True):
        row = item.object
        model = type(row)
        if model in natural:
            key = row.natural_key()  # type: ignore[attr-defined]
            if model._default_manager.filter(**_natural_lookup(model, key)).exists():
                continue  # the same account or jurisdiction is already here: reuse it
            if model._base_manager.filter(pk=row.pk).exists():
                row.pk = None  # others refer to it by natural key, so a new id is harmless
        elif model._base_manager.filter(pk=row.pk).exists():
            continue  # reference data the target already has
        item.save(force_insert=True)


def _natural_lookup(model: ModelType, key: tuple[Any, ...]) -> dict[str, Any]:
    if model is Jurisdiction:
        return {"slug": key[0]}
    return {get_user_model().USERNAME_FIELD: key[0]}


def restore(path: Path) -> Summary:
    """Insert the archive's rows and files into this database, which must lack the jurisdiction.

    Raise RestoreRefused, writing nothing, when the jurisdiction or any of its row ids is already
    here, when this database is missing migrations the source had, or when a stored file differs.
    """
    archive = read(path)
    summary = Summary(jurisdiction=archive.manifest["jurisdiction"])
    with transaction.atomic():
        _check_target(archive)
        _load_shared(archive.shared)
        loaded: dict[ModelType, int] = defaultdict(int)
        for item in serializers.deserialize("json", archive.owned, use_natural_foreign_keys=True):
            item.save(force_insert=True)
            loaded[type(item.object)] += 1
        # Rows were inserted with their ids: move PostgreSQL's sequences past them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(loaded)):
                cursor.execute(statement)
        for name, data in archive.files.items():
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(data))
        summary.counts = {m._meta.label: n for m, n in sorted(loaded.items(), key=lambda i: i[0]._meta.label)}
        summary.files = len(archive.files)
        complaint_ids = sorted(
            Complaint.objects.filter(jurisdiction__slug=summary.jurisdiction).values_list("pk", flat=True)
        )
        # The search index is derived data, rebuilt rather than carried in the archive.
        for chunk in _chunks(complaint_ids):
            document_refresh(complaint_ids=chunk)
    return summary
