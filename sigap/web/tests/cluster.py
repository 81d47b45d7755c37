"""Several Sigap processes on the loopback, as a multi-machine deployment runs them.

An HTTP client with its own cookie jar (a browser), gunicorn app servers and huey job consumers
started as subprocesses with the deployment's environment. Used by the scale-out tests.
"""

from __future__ import annotations

import functools
import http.client
import os
import re
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sigap.api.tests.faults import App, free_port

ROOT = Path(__file__).resolve().parents[3]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def database_url(settings_dict: dict[str, object]) -> str:
    """A postgres:// URL for the database Django's connection uses (the test database)."""
    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}" if password else f"{user}"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{settings_dict['NAME']}"


def deployment_env(**values: str) -> dict[str, str]:
    """The parent's environment without test settings, plus `values`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "HUEY_", "PYTEST", "DATABASE_", "CACHE_URL", "REDIS_URL", "SIGAP_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="sigap.settings",
        SECRET_KEY="cluster-" + "k" * 50,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.update(values)
    return env


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def csrf(self) -> str:
        match = CSRF_INPUT.search(self.text)
        assert match, f"no CSRF token in the page ({self.status})"
        return match.group(1)


@dataclass
class Browser:
    """Cookies kept across requests to any of the servers, as one browser behind a load balancer."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, port: int, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST" and "csrftoken" in self.cookies:
            sent.setdefault("Referer", f"http://127.0.0.1:{port}{path}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=sent)
            answer = conn.getresponse()
            data = answer.read()
            for name, value in answer.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    key, _, val = pair.partition("=")
                    if val in ('""', "") or "max-age=0" in value.lower():
                        self.cookies.pop(key.strip(), None)
                    else:
                        self.cookies[key.strip()] = val
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, data)
        finally:
            conn.close()

    def get(self, port: int, path: str, **headers: str) -> Response:
        return self.request(port, "GET", path, headers=headers)

    def post_form(
        self, port: int, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
    ) -> Response:
        boundary = uuid.uuid4().hex
        parts: list[bytes] = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content, content_type) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            port, "POST", path, b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )


def app_server(env: dict[str, str], log_path: Path, *, workers: int = 2) -> App:
    app = App(free_port(20000, 29999), workers, env, log_path)
    app.start()
    return app


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@functools.cache
def collected_static() -> Path:
    """The static files collected with their manifest, as a deployment does (once per test run)."""
    from django.conf import settings

    root = Path(settings.STATIC_ROOT)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=deployment_env(STATIC_ROOT=str(root)),
        check=True,
        timeout=600,
    )
    return root
