"""Sigap settings: one module, read from the environment.

With no environment at all the defaults boot the demo on SQLite with the job
worker storing its queue in a second SQLite file. Every setting that differs
between machines comes from an environment variable (see docs/configuration.md).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()


def envbool(name: str, default: bool) -> bool:
    """Read a boolean, refusing anything that is not clearly yes or no."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def envsecret(name: str, default: str | None = None) -> str | None:
    """Read a secret from NAME, or from the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}") from exc
    return os.environ.get(name) or default


DEBUG = envbool("DEBUG", False)
VAR_DIR = Path(os.environ.get("SIGAP_VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

# The demo needs no secret; a deployment (SECURE_HTTPS, below) refuses to start without one.
DEMO_SECRET_KEY = "sigap-insecure-demo-key-set-SECRET_KEY-in-production"  # noqa: S105 (public on purpose)
SECRET_KEY = envsecret("SECRET_KEY") or DEMO_SECRET_KEY
# Keys of the reporter-secret hashes, "id:key" comma-separated, the current one first (complaints/codes.py).
SIGAP_REPORTER_SECRET_KEYS = env.list("SIGAP_REPORTER_SECRET_KEYS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "sigap.accounts",
    "sigap.organisations",
    "sigap.sla",
    "sigap.audit",
    "sigap.apikeys",
    "sigap.api",
    "sigap.open311",
    "sigap.complaints",
    "sigap.maladministration",
    "sigap.oversight",
    "sigap.ombudsman",
    "sigap.inspektorat",
    "sigap.standards",
    "sigap.compliance",
    "sigap.skm",
    "sigap.search",
    "sigap.suggestions",
    "sigap.dashboards",
    "sigap.exports",
    "sigap.portal",
    "sigap.backoffice",
    "sigap.demo",
    "sigap.web",
    "sigap.backup",
    "sigap.staff",
    "sigap.training",
    "sigap.knowledge",
    "sigap.performance",
    "sigap.jobs",
    "sigap.notifications",
    "sigap.escalation",
    "sigap.channels",
    "sigap.publicreports",
    "sigap.alerts",
    "sigap.citizens",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sigap.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sigap.staff.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sigap.web.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during sign-in into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sigap.urls"
WSGI_APPLICATION = "sigap.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:inbox"
LOGOUT_REDIRECT_URL = "portal:home"
# django-axes counts failed sign-ins before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sigap.web.context_processors.site",
                "sigap.accounts.context_processors.principal",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default, anything DATABASE_URL names otherwise.
SQLITE_PATH = VAR_DIR / "sigap.sqlite3"
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue up
        # instead of failing with "database is locked" on lock upgrade.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", envint("CONN_MAX_AGE", 60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True


# PostgreSQL: values travel apart from the SQL (psycopg's server-side binding), so the statements
# sigap.web.prepared marks can be prepared once per connection; nothing else is prepared.
DATABASE_PREPARED_STATEMENTS = envbool("DATABASE_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
# A PostgreSQL streaming replica for reports (sigap/web/replicas.py): dashboards, statistics, exports,
# Open311 and REST lists read from it; a staff member who just wrote reads from the primary for
# SIGAP_REPLICA_PIN_SECONDS; a replica that does not answer is skipped for SIGAP_REPLICA_RETRY_SECONDS.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
SIGAP_REPLICA_PIN_SECONDS = envint("SIGAP_REPLICA_PIN_SECONDS", 15)
SIGAP_REPLICA_RETRY_SECONDS = envint("SIGAP_REPLICA_RETRY_SECONDS", 30)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", envint("CONN_MAX_AGE", 60))
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = envint("SIGAP_REPLICA_CONNECT_TIMEOUT", 2)
    DATABASES["replica"]["OPTIONS"]["server_side_binding"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["sigap.web.replicas.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1, "sigap.web.replicas.ReplicaReadsMiddleware"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Indonesian first, English available.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "sigap" / "locale"]
USE_I18N = True
# Stored in UTC; every jurisdiction renders in its own zone (WIB/WITA/WIT).
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or VAR_DIR / "staticfiles")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    # Attachments are private: served only through a permission-checked view.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploads: type sniffed from content, size capped, images re-encoded.
# Days after which an unrecorded receipt (UU 37/2008 Pasal 33(1), 38(2); PerOmbudsman 58/2023 Pasal 54(1)) is
# presumed on the sending date; a jurisdiction's own setting overrides it (docs/oversight.md).
SIGAP_RECEIPT_PRESUMED_AFTER_DAYS = envint("SIGAP_RECEIPT_PRESUMED_AFTER_DAYS", 7)
SIGAP_UPLOAD_MAX_BYTES = envint("SIGAP_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
SIGAP_UPLOAD_MAX_FILES = envint("SIGAP_UPLOAD_MAX_FILES", 5)
SIGAP_IMAGE_MAX_PIXELS = envint("SIGAP_IMAGE_MAX_PIXELS", 40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = SIGAP_UPLOAD_MAX_BYTES * SIGAP_UPLOAD_MAX_FILES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# APIs (docs/api.md): writes per minute per API key (or staff member) and per client
# address without a key; attempts to open a case with code + secret per address per hour.
SIGAP_API_WRITES_PER_KEY = envint("SIGAP_API_WRITES_PER_KEY", 120)
SIGAP_API_WRITES_PER_ADDRESS = envint("SIGAP_API_WRITES_PER_ADDRESS", 10)
SIGAP_API_SECRET_ATTEMPTS_PER_HOUR = envint("SIGAP_API_SECRET_ATTEMPTS_PER_HOUR", 20)
SIGAP_API_WRONG_KEYS_PER_HOUR = envint("SIGAP_API_WRONG_KEYS_PER_HOUR", 30)
# Reporter accounts made per client address per hour.
SIGAP_SIGN_UPS_PER_HOUR = envint("SIGAP_SIGN_UPS_PER_HOUR", 5)
# How long a retry with the same Idempotency-Key replays the first answer.
SIGAP_IDEMPOTENCY_TTL_HOURS = envint("SIGAP_IDEMPOTENCY_TTL_HOURS", 24)
# Open311: "realtime" returns the request id at once; "batch" returns a token to resolve at /tokens/.
SIGAP_OPEN311_SERVICE_TYPE = os.environ.get("SIGAP_OPEN311_SERVICE_TYPE", "realtime")
if SIGAP_OPEN311_SERVICE_TYPE not in ("realtime", "batch"):
    raise ImproperlyConfigured("SIGAP_OPEN311_SERVICE_TYPE must be realtime or batch")
SIGAP_OPEN311_CONTACT = os.environ.get("SIGAP_OPEN311_CONTACT", "")
# "test" tells Open311 clients that requests sent here are not acted upon.
SIGAP_OPEN311_ENDPOINT_TYPE = os.environ.get("SIGAP_OPEN311_ENDPOINT_TYPE", "production")

# Map tiles: OpenStreetMap by default, a city's own tile server in production.
# The portal's owner, shown beside "Sigap" in the header: the jurisdiction's name and logo (a URL or a path
# under static/, e.g. "sigap/logo.svg"). Empty: "Sigap" alone.
SIGAP_SITE_NAME = os.environ.get("SIGAP_SITE_NAME", "")
SIGAP_SITE_LOGO = os.environ.get("SIGAP_SITE_LOGO", "")
SIGAP_MAP_TILE_URL = os.environ.get("SIGAP_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# Where maps open when a jurisdiction has set no centre of its own ("lat,lng").
SIGAP_MAP_CENTER = tuple(float(v) for v in os.environ.get("SIGAP_MAP_CENTER", "-6.1754,106.8272").split(","))
SIGAP_MAP_ATTRIBUTION = os.environ.get("SIGAP_MAP_ATTRIBUTION", "&copy; OpenStreetMap contributors")

# Sessions and cookies.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
# Saved when changed: for a signed-in user at most once a minute (SessionLimitsMiddleware), which
# also slides the expiry while they are active.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HTTPS = envbool("SECURE_HTTPS", False)
if SECURE_HTTPS and (SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 32):
    # Sessions, password-reset links, invitations and reply addresses are signed with it.
    raise ImproperlyConfigured(
        "SECURE_HTTPS is set: SECRET_KEY (or SECRET_KEY_FILE) must hold a secret of 32+ characters"
    )
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and envbool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
# Reverse proxies whose X-Forwarded-For names the client (addresses or CIDR networks, comma-separated).
SIGAP_TRUSTED_PROXIES = env.list("SIGAP_TRUSTED_PROXIES", default=[])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Staff sessions: signed out after this much inactivity, and after this long whatever happens.
SIGAP_STAFF_IDLE_MINUTES = envint("SIGAP_STAFF_IDLE_MINUTES", 30)
SIGAP_SESSION_MAX_HOURS = envint("SIGAP_SESSION_MAX_HOURS", 12)
# Sign-in throttling (django-axes): lock a username at one address after N failures.
AXES_FAILURE_LIMIT = envint("SIGAP_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("SIGAP_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sigap.staff.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "sigap.web.addresses.client_ip"
# Sign-ins are recorded in Sigap's own table (staff.SignIn), with the second factor.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Two-factor sign-in (TOTP) for every staff role; see docs/roles.md.
OTP_TOTP_ISSUER = os.environ.get("SIGAP_OTP_ISSUER", "Sigap")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Staff invitations stay valid this many days.
SIGAP_INVITATION_DAYS = envint("SIGAP_INVITATION_DAYS", 7)

# E-mail: Django's own EMAIL_* names.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sigap <noreply@sigap.localhost>")
# Without EMAIL_HOST the demo records mail in the outbox instead of failing to send.
SIGAP_SEND_EMAIL = envbool("SIGAP_SEND_EMAIL", bool(os.environ.get("EMAIL_HOST")))

# Notifications: how often a failed delivery is retried (with backoff) before it is given up.
SIGAP_NOTIFY_MAX_ATTEMPTS = envint("SIGAP_NOTIFY_MAX_ATTEMPTS", 8)
SIGAP_WEBHOOK_TIMEOUT = envint("SIGAP_WEBHOOK_TIMEOUT", 10)
# How long a worker may hold a message it is sending before the re-drive assumes the worker died and
# sends it again. Keep it well above EMAIL_TIMEOUT and SIGAP_WEBHOOK_TIMEOUT: a live worker whose
# lease runs out could otherwise send the same message twice.
SIGAP_NOTIFY_LEASE_SECONDS = envint("SIGAP_NOTIFY_LEASE_SECONDS", 300)
# The domain of the Message-IDs Sigap writes (defaults to the sender's).
SIGAP_MAIL_DOMAIN = os.environ.get("SIGAP_MAIL_DOMAIN") or (
    DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">").strip() or "sigap.localhost"
)

# Intake channels (docs/channels.md). Each is off until its flag is set, and then demands its settings.
SIGAP_INBOUND_EMAIL = os.environ.get("SIGAP_INBOUND_EMAIL", "")
SIGAP_INTAKE_JURISDICTION = os.environ.get("SIGAP_INTAKE_JURISDICTION", "")
SIGAP_USE_EMAIL_INTAKE = envbool("SIGAP_USE_EMAIL_INTAKE", False)
SIGAP_INBOUND_MAILDIR = os.environ.get("SIGAP_INBOUND_MAILDIR", "")
SIGAP_IMAP_HOST = os.environ.get("SIGAP_IMAP_HOST", "")
SIGAP_IMAP_PORT = envint("SIGAP_IMAP_PORT", 993)
SIGAP_IMAP_USER = os.environ.get("SIGAP_IMAP_USER", "")
SIGAP_IMAP_PASSWORD = envsecret("SIGAP_IMAP_PASSWORD", "") or ""
SIGAP_IMAP_FOLDER = os.environ.get("SIGAP_IMAP_FOLDER", "INBOX")
SIGAP_IMAP_SSL = envbool("SIGAP_IMAP_SSL", True)
if SIGAP_USE_EMAIL_INTAKE and not (SIGAP_INBOUND_MAILDIR or SIGAP_IMAP_HOST):
    raise ImproperlyConfigured("SIGAP_USE_EMAIL_INTAKE needs SIGAP_INBOUND_MAILDIR or SIGAP_IMAP_HOST")
SIGAP_USE_SMS = envbool("SIGAP_USE_SMS", False)
SIGAP_SMS_SECRET = envsecret("SIGAP_SMS_SECRET", "") or ""
SIGAP_SMS_OUTBOUND_URL = os.environ.get("SIGAP_SMS_OUTBOUND_URL", "")
SIGAP_USE_WHATSAPP = envbool("SIGAP_USE_WHATSAPP", False)
SIGAP_WHATSAPP_SECRET = envsecret("SIGAP_WHATSAPP_SECRET", "") or ""
SIGAP_WHATSAPP_OUTBOUND_URL = os.environ.get("SIGAP_WHATSAPP_OUTBOUND_URL", "")
for _flag, _secret, _url in [
    ("SIGAP_USE_SMS", SIGAP_SMS_SECRET, SIGAP_SMS_OUTBOUND_URL),
    ("SIGAP_USE_WHATSAPP", SIGAP_WHATSAPP_SECRET, SIGAP_WHATSAPP_OUTBOUND_URL),
]:
    if globals()[_flag] and not (_secret and _url):
        raise ImproperlyConfigured(f"{_flag} needs its _SECRET and _OUTBOUND_URL settings")
# WhatsApp Business Platform (Cloud API) and Telegram bots, on their own protocols (docs/channels.md).
SIGAP_USE_WHATSAPP_CLOUD = envbool("SIGAP_USE_WHATSAPP_CLOUD", False)
SIGAP_WHATSAPP_CLOUD_VERIFY_TOKEN = envsecret("SIGAP_WHATSAPP_CLOUD_VERIFY_TOKEN", "") or ""
SIGAP_WHATSAPP_CLOUD_APP_SECRET = envsecret("SIGAP_WHATSAPP_CLOUD_APP_SECRET", "") or ""
SIGAP_WHATSAPP_CLOUD_ACCESS_TOKEN = envsecret("SIGAP_WHATSAPP_CLOUD_ACCESS_TOKEN", "") or ""
SIGAP_WHATSAPP_CLOUD_API_BASE = os.environ.get("SIGAP_WHATSAPP_CLOUD_API_BASE", "https://graph.facebook.com/v21.0")
SIGAP_USE_TELEGRAM = envbool("SIGAP_USE_TELEGRAM", False)
SIGAP_TELEGRAM_BOT_TOKEN = envsecret("SIGAP_TELEGRAM_BOT_TOKEN", "") or ""
SIGAP_TELEGRAM_SECRET_TOKEN = envsecret("SIGAP_TELEGRAM_SECRET_TOKEN", "") or ""
SIGAP_TELEGRAM_API_BASE = os.environ.get("SIGAP_TELEGRAM_API_BASE", "https://api.telegram.org")
if SIGAP_USE_WHATSAPP_CLOUD and not (
    SIGAP_WHATSAPP_CLOUD_VERIFY_TOKEN and SIGAP_WHATSAPP_CLOUD_APP_SECRET and SIGAP_WHATSAPP_CLOUD_ACCESS_TOKEN
):
    raise ImproperlyConfigured(
        "SIGAP_USE_WHATSAPP_CLOUD needs SIGAP_WHATSAPP_CLOUD_VERIFY_TOKEN, _APP_SECRET and _ACCESS_TOKEN"
    )
if SIGAP_USE_TELEGRAM and not (SIGAP_TELEGRAM_BOT_TOKEN and SIGAP_TELEGRAM_SECRET_TOKEN):
    raise ImproperlyConfigured("SIGAP_USE_TELEGRAM needs SIGAP_TELEGRAM_BOT_TOKEN and SIGAP_TELEGRAM_SECRET_TOKEN")

# Jobs: Django's Tasks API with huey as the engine. huey keeps its queue in an
# SQLite file by default and in Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY_IMMEDIATE = envbool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY: dict[str, object] = {
        "huey_class": "huey.RedisHuey",
        "name": os.environ.get("HUEY_NAME", "sigap"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "sigap",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
    }
# The deadline sweep runs every this many minutes (a divisor of 60), on the consumer that runs periodic jobs.
SIGAP_SWEEP_MINUTES = envint("SIGAP_SWEEP_MINUTES", 5)
if SIGAP_SWEEP_MINUTES < 1 or 60 % SIGAP_SWEEP_MINUTES:
    raise ImproperlyConfigured("SIGAP_SWEEP_MINUTES must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60)")
HUEY["consumer"] = {"workers": envint("HUEY_WORKERS", 2), "worker_type": "thread"}
TASKS = {
    "default": {
        "BACKEND": "huey.contrib.djhuey.tasks_backend.HueyBackend",
        "OPTIONS": {"enqueue_on_commit": True},
    }
}

CACHES = {
    "default": (
        env.cache_url("CACHE_URL")
        if os.environ.get("CACHE_URL")
        # Shared by every app-server process on the machine (rate limits need that).
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}
    )
}
# Where rate-limit counters live: "cache" needs a cache that increments atomically across processes
# and machines (Redis, Memcached); "database" works everywhere (the default without such a cache).
_SHARED_CACHES = ("django.core.cache.backends.redis.", "django.core.cache.backends.memcached.", "django_redis.")
SIGAP_RATE_COUNTERS = os.environ.get("SIGAP_RATE_COUNTERS") or (
    "cache" if str(CACHES["default"]["BACKEND"]).startswith(_SHARED_CACHES) else "database"
)
if SIGAP_RATE_COUNTERS not in ("cache", "database"):
    raise ImproperlyConfigured("SIGAP_RATE_COUNTERS must be cache or database")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The huey consumer installs its own handler; without this every line prints twice.
        "huey": {"level": "INFO", "propagate": False},
        # One line per task state change is noise next to huey's own log.
        "django_tasks": {"level": "WARNING"},
    },
}
