"""Run Sigap: gunicorn for the web and the huey consumer for jobs, side by side.

The production server is used under `make run` too, so what is tested is what
runs. Stops both when either exits or on SIGINT/SIGTERM.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Sigap with gunicorn and run the job worker alongside."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
        # More than one thread makes gunicorn use gthread workers, which keep clients' connections
        # open between requests (sync workers close each one); docs/deploy.md says when that pays.
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "1")))
        parser.add_argument("--keep-alive", type=int, default=int(os.environ.get("WEB_KEEPALIVE", "5")))
        parser.add_argument("--no-worker", action="store_true", help="do not start the job worker")

    def handle(self, *args: Any, **options: Any) -> None:
        web = [
            sys.executable, "-m", "gunicorn", "sigap.wsgi:application",
            "--bind", f"{options['host']}:{options['port']}",
            "--workers", str(options["workers"]),
            "--threads", str(options["threads"]),
            "--keep-alive", str(options["keep_alive"]),
            "--access-logfile", "-",
            "--graceful-timeout", "20",
        ]  # fmt: skip
        commands = [web]
        if not options["no_worker"]:
            commands.append([sys.executable, "manage.py", "run_huey"])
        children = [subprocess.Popen(command) for command in commands]  # noqa: S603
        if not options["no_worker"]:
            from sigap.dashboards.tasks import enqueue_refresh_all

            enqueue_refresh_all()  # the dashboards' figures, computed now rather than at the next round
        self.stdout.write(f"Sigap on http://{options['host']}:{options['port']}/ (Ctrl+C stops)")

        def stop(signum: int, frame: Any) -> None:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        stop(signal.SIGTERM, None)
        for child in children:
            try:
                child.wait(timeout=25)
            except subprocess.TimeoutExpired:
                child.kill()
        codes = [child.returncode for child in children]
        sys.exit(next((code for code in codes if code not in (0, -signal.SIGTERM)), 0))
