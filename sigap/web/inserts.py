"""Insert one new row as `Model.save()` does, with its statement built once per process.

Django compiles an INSERT afresh on every save: it quotes each column and builds the placeholders
again, which was a fifth of the Python work of filing a complaint. The statement of a model depends
only on its fields and the database, so it is kept; the values are still prepared per row as Django
prepares them (each field's `pre_save` and `get_db_prep_save`), and the same signals are sent.
"""

from __future__ import annotations

from django.db import connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.db.models.signals import post_save, pre_save

from sigap.web.prepared import prepared_cursor

# (model, database vendor, conflict field) -> (statement, fields in placeholder order)
_statements: dict[tuple[type[Model], str, str], tuple[str, list[Field]]] = {}


def _statement(model: type[Model], connection: BaseDatabaseWrapper, unless_taken: str) -> tuple[str, list[Field]]:
    key = (model, connection.vendor, unless_taken)
    found = _statements.get(key)
    if found is not None:
        return found
    meta = model._meta
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
    # What the cached statement cannot express: a parent table, columns the database fills in
    # (db_default, generated) or a placeholder that is not plain %s (arrays, binary).
    if (
        meta.parents
        or meta.auto_field is None
        or meta.db_returning_fields != [meta.auto_field]
        or not fields
        or any(hasattr(f, "get_placeholder") for f in fields)
    ):
        raise ValueError(f"{meta.label} needs Model.save(), not insert()")
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    conflict = ""
    if unless_taken:
        [column] = [f.column for f in fields if f.name == unless_taken]
        conflict = f" ON CONFLICT ({qn(column)}) DO NOTHING"
    statement = (
        f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names are ours)
        f"{conflict} RETURNING {qn(meta.auto_field.column)}"
    )
    _statements[key] = (statement, fields)
    return statement, fields


def insert(instance: Model, *, unless_taken: str = "") -> bool:
    """Insert the new `instance` and set its id; return whether a row was written.

    Same values, signals (pre_save, post_save with created=True) and rollback marking as
    `instance.save()` for a model without parents. With `unless_taken` (a unique field's name),
    nothing is written when another row holds the same value (ON CONFLICT DO NOTHING), and no
    post_save is sent. Values must be plain, not expressions.
    """
    model = type(instance)
    if instance.pk is not None:
        raise ValueError("insert() writes new rows only")
    using = router.db_for_write(model, instance=instance)
    connection = connections[using]
    statement, fields = _statement(model, connection, unless_taken)
    # What save() checks first: no related object is unsaved, an id assigned since is picked up.
    instance._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
    pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=None)
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with transaction.mark_for_rollback_on_error(using), prepared_cursor(connection) as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = using
    post_save.send(sender=model, instance=instance, created=True, update_fields=None, raw=False, using=using)
    return True
