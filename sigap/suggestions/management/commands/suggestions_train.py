"""Train the routing and maladministration suggestion models now (the weekly job does it too)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sigap.organisations.models import Jurisdiction
from sigap.suggestions.training import train_maladministration, train_routing


class Command(BaseCommand):
    help = "Train the category, OPD and maladministration suggestion models."

    def handle(self, *args: Any, **options: Any) -> None:
        for jurisdiction in Jurisdiction.objects.filter(is_active=True).exclude(kind=Jurisdiction.Kind.OMBUDSMAN):
            for model in train_routing(jurisdiction=jurisdiction):
                self.stdout.write(
                    f"{jurisdiction.slug} {model.target}: {model.samples:,} cases, "
                    f"held-out accuracy {model.holdout_accuracy}, {model.seconds_to_train} s"
                )
        model = train_maladministration()
        self.stdout.write(f"maladministration: exact-set accuracy {model.holdout_accuracy}, {model.seconds_to_train} s")
