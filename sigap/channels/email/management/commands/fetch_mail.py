"""Fetch complaint e-mail once: `manage.py fetch_mail [--maildir PATH]` (the worker also runs it every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sigap.channels.email import sources


class Command(BaseCommand):
    help = "Fetch new complaint e-mail from the configured maildir or IMAP mailbox and process it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--maildir", help="read this maildir instead of the configured source")

    def handle(self, *args: Any, **options: Any) -> None:
        done = sources.fetch_maildir(options["maildir"]) if options["maildir"] else sources.fetch_configured()
        for message in done:
            self.stdout.write(f"{message.pk}\t{message.state}\t{message.sender}\t{message.error}")
        self.stdout.write(f"{len(done)} message(s)")
