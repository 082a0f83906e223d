"""Teddy Audio settings.

Every setting comes from the environment, with the default from ``DESIGN.md`` embedded here, so
the same image runs on a laptop and in a cluster. Nothing else in the code reads ``os.environ``:
it reads ``django.conf.settings``. A value that cannot be parsed stops start-up with an
``ImproperlyConfigured`` naming the variable, because a typo in a safety switch must never be
read as "off".
"""

import os
from datetime import date
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django_guid.integrations import CeleryIntegration

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TEDDY_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env(name: str, default: str = "") -> str:
    """A string setting; ``NAME_FILE`` (a Kubernetes secret mount) wins over ``NAME``."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = env(name, "").strip().lower()
    if raw == "":
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use one of true/false/1/0")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = env(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}")
    return value


def envfloat(name: str, default: float, *, minimum: float = 0.0) -> float:
    raw = env(name, "").strip()
    if raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}")
    return value


def envchoice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env(name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of {', '.join(choices)}")
    return value


def envdate(name: str) -> date | None:
    raw = env(name, "").strip()
    if raw == "":
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a date (YYYY-MM-DD)") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# --- Core Django ------------------------------------------------------------------------------

DEBUG = envbool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off; "
            "`make run` generates one in var/secret_key"
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_htmx",
    "django_guid",
    "teddy",
    "audio",
    "safety",
    "runbooks",
]

MIDDLEWARE = [
    # First: every answer, an error too, carries the request id (teddy/requestid.py), and
    # leaves one access line.
    "teddy.middleware.sane_request_id",
    "django_guid.middleware.guid_middleware",
    "teddy.middleware.access_log",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "teddy.middleware.sync_request_chain",  # last: see its docstring
]

ROOT_URLCONF = "teddy.urls"
ASGI_APPLICATION = "teddy.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "teddy.roles.console_roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'teddy.sqlite3'}"),
        # 0: under ASGI each request's sync code runs in a thread of its own, so a connection
        # kept "persistent" would outlive its thread (Django's docs: pool at the database
        # instead, e.g. PgBouncer). Raise it only under a WSGI server.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web workers read while the Celery worker writes; the busy timeout turns a
    # brief lock into a short wait instead of an error.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 10,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "/console/login/"
LOGIN_REDIRECT_URL = "/console/"
LOGOUT_REDIRECT_URL = "/console/login/"

# Uploads (a child's voice) stay in memory and are capped: no temporary files, ever.
FILE_UPLOAD_HANDLERS = ["teddy.uploads.CappedMemoryFileUploadHandler"]
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Redis, Channels, Celery ------------------------------------------------------------------

REDIS_URL = env("REDIS_URL")
if not REDIS_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "REDIS_URL must be set when DEBUG is off (cache, shared switches, Celery, Channels)"
        )
    REDIS_URL = "redis://127.0.0.1:6379/0"
# Short timeouts: when Redis is gone the pipeline must degrade in milliseconds, not hang.
REDIS_SOCKET_TIMEOUT = envfloat("REDIS_SOCKET_TIMEOUT", 0.5)
REDIS_CONNECT_TIMEOUT = envfloat("REDIS_CONNECT_TIMEOUT", 0.25)
# Shared request outcomes (health, SLO board) are summed in memory and written this often;
# 0 writes each one at once (audio/outcomes.py).
OUTCOMES_FLUSH_S = envfloat("OUTCOMES_FLUSH_S", 1.0)


def channel_layers(url: str) -> dict:
    """Channels over Redis. Its receive blocks up to 5 s on Redis (BZPOPMIN), so its socket
    timeout must be longer than that, whatever the client library's default."""
    host = {"address": url, "socket_timeout": 15, "socket_connect_timeout": 2}
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [host], "prefix": "teddy:channels"},
        }
    }


CHANNEL_LAYERS = channel_layers(REDIS_URL)

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 360, minimum=1)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
#: Celery beat (``make run`` embeds it in the worker; in Kubernetes it is its own single pod).
RETENTION_PURGE_EVERY_S = envint("RETENTION_PURGE_EVERY_S", 3600, minimum=60)
# Configuration backups (runbooks/config_backup.py): one a day by default, the newest
# CONFIG_BACKUP_KEEP kept. In production point CONFIG_BACKUP_DIR at storage that outlives the
# cluster (a mounted bucket or volume); the default only survives a lost Redis or database.
CONFIG_BACKUP_DIR = Path(env("CONFIG_BACKUP_DIR", str(VAR_DIR / "backups")))
CONFIG_BACKUP_KEEP = envint("CONFIG_BACKUP_KEEP", 14, minimum=1)
CONFIG_BACKUP_EVERY_S = envint("CONFIG_BACKUP_EVERY_S", 24 * 3600, minimum=60)
# false where something else writes the backups (Kubernetes: the config-backup CronJob).
CONFIG_BACKUP_BEAT = envbool("CONFIG_BACKUP_BEAT", True)
CELERY_BEAT_SCHEDULE = {
    "purge-expired-interactions": {
        "task": "safety.tasks.purge_expired",
        "schedule": RETENTION_PURGE_EVERY_S,
    },
}
if CONFIG_BACKUP_BEAT:
    CELERY_BEAT_SCHEDULE["backup-config"] = {
        "task": "runbooks.tasks.backup_config",
        "schedule": CONFIG_BACKUP_EVERY_S,
    }

# --- REST API ---------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["teddy.auth.DeviceTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["teddy.auth.IsToy"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's JSON parser, with too-deep nesting a 400 instead of a 500.
    "DEFAULT_PARSER_CLASSES": ["audio.api.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "teddy.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["teddy.ratelimit.ToyRateThrottle"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

# The OpenAPI document at /api/schema (public): what a toy's firmware and a parent app may call.
SPECTACULAR_SETTINGS = {
    "TITLE": "Teddy Audio toy API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "Text to speech, speech to text and safety checks for Teddy, and the parent API.\n\n"
        "A toy authenticates with `Authorization: Bearer <device token>` (`tdy_...`), a parent "
        "with `Authorization: Bearer <parent token>` (`ptn_...`). Every error is JSON "
        '`{"error": {"code": "...", "message": "..."}}` with a 4xx status (503 when nothing '
        "can serve the request right now); a toy's firmware branches on `code`.\n\n"
        "**Languages.** Every text a child hears or says passes the child-safety filter, which "
        "covers English (en), Spanish (es), German (de), French (fr), Italian (it), Portuguese "
        "(pt) and Dutch (nl): lexicons, personal-data patterns and a classifier for each. The "
        "language of each text is identified from the text itself. For a child under 13 (or of "
        "unknown age) text in any other language is refused with 422 `language_not_supported`. "
        "Text with speech-engine markup (SSML, `[[phonemes]]`, control characters) is refused "
        "with 400 `unsupported_markup`."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # pinned assets from drf-spectacular-sidecar
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The Bearer schemes (toy and parent tokens) come from audio/api/schema.py.
    "ENUM_NAME_OVERRIDES": {
        "ConsentScopeEnum": "safety.models.ConsentScope",
        "SeverityEnum": "safety.models.Severity",
    },
}

# --- Text to speech ---------------------------------------------------------------------------

OPENAI_API_KEY = env("OPENAI_API_KEY")
OPENAI_BASE_URL = env("OPENAI_BASE_URL")
#: When the key was issued: /health/audio degrades with a warning once it is older than
#: API_KEY_MAX_AGE_DAYS (keys are rotated monthly).
OPENAI_API_KEY_CREATED_AT = envdate("OPENAI_API_KEY_CREATED_AT")
API_KEY_MAX_AGE_DAYS = envint("API_KEY_MAX_AGE_DAYS", 30, minimum=1)
TTS_PROVIDER = envchoice(
    "TTS_PROVIDER", "openai" if OPENAI_API_KEY else "local", ("local", "openai")
)
if TTS_PROVIDER == "openai" and not OPENAI_API_KEY:
    raise ImproperlyConfigured("TTS_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_API_KEY_FILE)")
OPENAI_TTS_MODEL = envchoice("OPENAI_TTS_MODEL", "tts-1", ("tts-1", "tts-1-hd", "gpt-4o-mini-tts"))
STT_PROVIDER = envchoice("STT_PROVIDER", "local", ("local", "openai"))
if STT_PROVIDER == "openai" and not OPENAI_API_KEY:
    raise ImproperlyConfigured("STT_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_API_KEY_FILE)")
AUDIO_MAX_UPLOAD_BYTES = envint("AUDIO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1024)
AUDIO_MAX_SECONDS = envfloat("AUDIO_MAX_SECONDS", 60.0, minimum=1.0)
OPENAI_STT_MODEL = env("OPENAI_STT_MODEL", "gpt-4o-mini-transcribe")
OPENAI_MODERATION = envbool("OPENAI_MODERATION", False)
OPENAI_MODERATION_TIMEOUT = envfloat("OPENAI_MODERATION_TIMEOUT", 2.0, minimum=0.1)
TTS_REQUEST_TIMEOUT = envfloat("TTS_REQUEST_TIMEOUT", 30.0, minimum=0.1)
TTS_MAX_RETRIES = envint("TTS_MAX_RETRIES", 3, minimum=0)
# The breaker opens after this many failures in a minute and probes again after the cooldown.
TTS_BREAKER_FAILURES = envint("TTS_BREAKER_FAILURES", 5, minimum=1)
TTS_BREAKER_COOLDOWN = envfloat("TTS_BREAKER_COOLDOWN", 30.0, minimum=0.1)
# Audio from a fallback voice is cached briefly, so the good voice returns once the provider heals.
TTS_FALLBACK_CACHE_TTL = envint("TTS_FALLBACK_CACHE_TTL", 300, minimum=1)
TTS_MAX_TEXT_LENGTH = envint("TTS_MAX_TEXT_LENGTH", 4096, minimum=1)
ESPEAK_NG_BINARY = env("ESPEAK_NG_BINARY", "espeak-ng")

# How far ahead of real time a speech stream may run (seconds of audio; 0 = as fast as possible).
TTS_STREAM_LEAD_S = envfloat("TTS_STREAM_LEAD_S", 2.0, minimum=0.0)

TTS_CACHE_ENABLED = envbool("TTS_CACHE_ENABLED", True)
TTS_CACHE_TTL = envint("TTS_CACHE_TTL", 3600, minimum=1)
TTS_CACHE_MAX_SIZE_MB = envint("TTS_CACHE_MAX_SIZE_MB", 2048, minimum=1)
TTS_CACHE_COMPRESSION = envint("TTS_CACHE_COMPRESSION", 2, minimum=0)
TTS_CACHE_STRATEGY = envchoice("TTS_CACHE_STRATEGY", "cost_aware", ("cost_aware", "lru"))

# --- Child safety -----------------------------------------------------------------------------

TTS_CHILD_SAFETY = envbool("TTS_CHILD_SAFETY", True)
AUDIO_SAFETY_STRICT_MODE = envbool("AUDIO_SAFETY_STRICT_MODE", True)
EMERGENCY_SAFETY_MODE = envbool("EMERGENCY_SAFETY_MODE", False)
RATE_LIMIT_PER_HOUR = envint("RATE_LIMIT_PER_HOUR", 1000, minimum=1)

# --- Serving ----------------------------------------------------------------------------------

PORT = envint("PORT", 8000, minimum=1)
#: Cache hits of POST /api/v1/tts answered before Django's request handling (audio/api/fast.py).
TTS_FAST_PATH = envbool("TTS_FAST_PATH", True)
#: Where people reach the console: alert rules link their runbook pages under it.
CONSOLE_URL = env("CONSOLE_URL", f"http://127.0.0.1:{PORT}")

# --- Logs -------------------------------------------------------------------------------------

#: json: one JSON object per line, for the log pipeline; plain: one line for a person to read.
#: Both carry the request id (teddy/logs.py).
LOG_FORMAT = envchoice("LOG_FORMAT", "json", ("json", "plain"))
#: One access line per HTTP request (``teddy.access``); off where the ingress already logs them.
ACCESS_LOG = envbool("ACCESS_LOG", True)

# The request id (teddy/requestid.py): a client's X-Request-ID if it is sane (a UUID, plainly
# written), else a new one; in every answer's X-Request-ID and every log line of the request,
# handed on to Celery tasks.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,  # no browser script of another origin reads it
    "INTEGRATIONS": [CeleryIntegration(use_django_logging=True, log_parent=True)],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "django_guid.log_filters.CorrelationId",
            "correlation_id_field": "request_id",
        },
        "celery_ids": {"()": "django_guid.integrations.celery.log_filters.CeleryTracing"},
        "no_query_strings": {"()": "teddy.logs.NoQueryStrings"},
        "route_not_path": {"()": "teddy.logs.RouteNotPath"},
    },
    "formatters": {
        "json": {"()": "teddy.logs.JsonFormatter"},
        "plain": {"()": "teddy.logs.PlainFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "celery_ids"],
        }
    },
    "loggers": {
        # Through the one handler above (Django's own prints a second, plain copy when DEBUG).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["route_not_path"]},
        "teddy.access": {"level": "INFO" if ACCESS_LOG else "WARNING"},
        # SQL with its parameters (a child's words): never, whatever LOG_LEVEL says.
        "django.db.backends": {"level": "INFO"},
        # It says at INFO whether each request brought an id, and echoes a client's bad one.
        "django_guid": {"level": "ERROR"},
        "uvicorn": {"handlers": [], "propagate": True},
        "uvicorn.error": {"filters": ["no_query_strings"], "propagate": True},
        # Off, as --no-access-log has it: teddy.access is the access line (uvicorn's names the
        # query string), and uvicorn formats nothing for a logger without handlers.
        "uvicorn.access": {"handlers": [], "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO").upper()},
}
