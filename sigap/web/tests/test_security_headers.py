"""Security headers on every kind of response, HSTS only behind HTTPS, secrets only from the environment."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from sigap.test import BaseTestCase, Client

ROOT = Path(settings.BASE_DIR)


class SecurityHeadersTest(BaseTestCase):
    def responses(self):  # type: ignore[no-untyped-def]
        """One response of every kind: public page, staff page, JSON API, Open311 XML, error, redirect, admin."""
        anonymous = Client()
        staff = Client()
        staff.force_login(self.admin)
        return {
            "public page": anonymous.get(reverse("portal:home")),
            "form page": anonymous.get(reverse("portal:submit")),
            "staff page": staff.get(reverse("backoffice:inbox")),
            "dashboard data": staff.get(reverse("dashboards:map")),
            "REST API": anonymous.get("/api/v1/jurisdictions"),
            "API error": anonymous.get("/api/v1/complaints"),
            "Open311 XML": anonymous.get("/open311/v2/services.xml?jurisdiction_id=kota-contoh"),
            "Open311 JSON": anonymous.get("/open311/v2/discovery.json"),
            "not found": anonymous.get("/tidak-ada/"),
            "redirect to sign in": anonymous.get(reverse("backoffice:inbox")),
            "admin site": anonymous.get("/sysadmin/"),
        }

    def test_every_kind_of_response_carries_csp_frame_nosniff_and_referrer_headers(self) -> None:
        for kind, response in self.responses().items():
            with self.subTest(kind=kind, status=response.status_code):
                csp = response.get("Content-Security-Policy", "")
                self.assertIn("default-src 'self'", csp)
                self.assertIn("script-src 'self'", csp)
                self.assertIn("frame-ancestors 'none'", csp)
                self.assertIn("object-src 'none'", csp)
                self.assertNotIn("unsafe-inline", csp)
                self.assertNotIn("unsafe-eval", csp)
                self.assertEqual(response.get("X-Frame-Options"), "DENY")
                self.assertEqual(response.get("X-Content-Type-Options"), "nosniff")
                self.assertEqual(response.get("Referrer-Policy"), "same-origin")
                self.assertEqual(response.get("Cross-Origin-Opener-Policy"), "same-origin")

    def test_no_hsts_over_plain_http(self) -> None:
        self.assertFalse(settings.SECURE_HTTPS)
        for kind, response in self.responses().items():
            with self.subTest(kind=kind):
                self.assertNotIn("Strict-Transport-Security", response)

    @override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
    def test_hsts_is_sent_on_https_requests_when_configured(self) -> None:
        response = Client().get(reverse("portal:home"), secure=True)
        self.assertEqual(response["Strict-Transport-Security"], "max-age=31536000; includeSubDomains")


def settings_in_subprocess(env: dict[str, str], *names: str) -> subprocess.CompletedProcess[str]:
    """Import the real settings module with `env` as the environment, as a fresh process would."""
    code = "import sigap.settings as s; print(" + ", ".join(f"repr(s.{n})" for n in names) + ")"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "SECURE_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


class DeploymentSettingsTest(BaseTestCase):
    def test_a_deployment_without_secret_key_refuses_to_start(self) -> None:
        result = settings_in_subprocess({"SECURE_HTTPS": "true"}, "SECRET_KEY")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)
        self.assertIn("ImproperlyConfigured", result.stderr)

    def test_a_deployment_with_a_short_secret_key_refuses_to_start(self) -> None:
        result = settings_in_subprocess({"SECURE_HTTPS": "true", "SECRET_KEY": "rahasia"}, "SECRET_KEY")
        self.assertNotEqual(result.returncode, 0)

    def test_the_secret_key_may_come_from_a_file(self) -> None:
        secret = ROOT / "var" / "test-secret-key"
        secret.parent.mkdir(exist_ok=True)
        secret.write_text("k" * 50 + "\n")
        self.addCleanup(secret.unlink)
        result = settings_in_subprocess(
            {"SECURE_HTTPS": "true", "SECRET_KEY_FILE": str(secret)}, "SECRET_KEY", "SECURE_HSTS_SECONDS"
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), [repr("k" * 50), "31536000"])

    def test_behind_https_cookies_are_secure_and_hsts_is_on_and_without_it_off(self) -> None:
        names = ("SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT")
        on = settings_in_subprocess({"SECURE_HTTPS": "true", "SECRET_KEY": "s" * 50}, *names)
        self.assertEqual(on.returncode, 0, on.stderr)
        self.assertEqual(on.stdout.split(), ["31536000", "True", "True", "True"])
        off = settings_in_subprocess({}, *names)
        self.assertEqual(off.returncode, 0, off.stderr)
        self.assertEqual(off.stdout.split(), ["0", "False", "False", "False"])


# Names of settings that hold secrets; each must be read from the environment, never written in the code.
SECRET_NAME = re.compile(r"(SECRET|PASSWORD|TOKEN|SECRET_KEY|API_KEY)$")
# Shapes of real credentials that must never be committed, wherever they are.
CREDENTIAL = re.compile(
    rb"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"
    rb"|AKIA[0-9A-Z]{16}"
    rb"|ghp_[0-9A-Za-z]{36}"
    rb"|xox[baprs]-[0-9A-Za-z-]{10,}"
    rb"|sk_live_[0-9A-Za-z]{16,}"
)


def tracked_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in listed.decode().split("\0") if name]


class HardCodedSecretsTest(BaseTestCase):
    def test_secret_settings_are_read_from_the_environment(self) -> None:
        tree = ast.parse((ROOT / "sigap" / "settings.py").read_text())
        for node in tree.body:
            if not isinstance(node, ast.Assign):
                continue
            for target in node.targets:
                if not (isinstance(target, ast.Name) and SECRET_NAME.search(target.id)):
                    continue
                with self.subTest(setting=target.id):
                    if target.id == "DEMO_SECRET_KEY":
                        continue  # the demo's key, refused behind HTTPS (see DeploymentSettingsTest)
                    value = node.value
                    literal = isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value
                    self.assertFalse(literal, f"{target.id} is written in settings.py")
                    calls = {
                        c.func.id for c in ast.walk(value) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
                    }
                    names = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
                    self.assertTrue(
                        calls & {"envsecret"} or names & {"DEMO_SECRET_KEY"}, f"{target.id}: use envsecret()"
                    )

    def test_no_credential_is_committed(self) -> None:
        found = []
        for path in tracked_files():
            if not path.is_file() or path.stat().st_size > 2_000_000:
                continue
            if CREDENTIAL.search(path.read_bytes()):
                found.append(str(path.relative_to(ROOT)))
        self.assertEqual(found, [])
