"""Manage API keys from the command line: create (prints the key once), list, revoke."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from sigap.accounts.models import User
from sigap.apikeys.models import ApiKey
from sigap.apikeys.scopes import Scope
from sigap.apikeys.services import apikey_create, apikey_revoke
from sigap.organisations.models import Jurisdiction


class Command(BaseCommand):
    help = "Create, list or revoke API keys for the REST and Open311 APIs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a key and print it (shown only once)")
        create.add_argument("--jurisdiction", required=True, help="slug or web domain of the jurisdiction")
        create.add_argument("--name", required=True, help="who uses the key")
        create.add_argument(
            "--scope", action="append", required=True, choices=Scope.values, help="an allowed action (repeat)"
        )
        create.add_argument("--user", help="username of the staff member the key acts as (for read/transition)")
        sub.add_parser("list", help="list keys (prefix, scopes, last use)")
        revoke = sub.add_parser("revoke", help="revoke a key by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        ref = options["jurisdiction"]
        jurisdiction = Jurisdiction.objects.filter(Q(slug=ref) | Q(domain=ref)).first()
        if jurisdiction is None:
            raise CommandError(f"no jurisdiction {ref!r}")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        try:
            key, raw = apikey_create(
                name=options["name"], jurisdiction=jurisdiction, scopes=options["scope"], user=user, actor=None
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stderr.write(f"Created {key}. The key is shown once:")
        self.stdout.write(raw)

    def _list(self, options: dict[str, Any]) -> None:
        for key in ApiKey.objects.select_related("jurisdiction", "user"):
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
            self.stdout.write(
                f"{key.prefix}…\t{key.name}\t{key.jurisdiction.slug}\t{','.join(key.scopes)}\t{state}\tlast used {used}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        keys = list(ApiKey.objects.filter(prefix__startswith=options["prefix"].rstrip("…"), revoked_at__isnull=True))
        if len(keys) != 1:
            raise CommandError(f"{len(keys)} active keys match {options['prefix']!r}; give a longer prefix")
        apikey_revoke(key=keys[0], actor=None)
        self.stdout.write(f"Revoked {keys[0]}.")
