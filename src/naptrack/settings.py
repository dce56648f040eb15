"""Settings for NAPtrack, read from the environment so one file serves the demo and production."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout root in development; in production set NAPTRACK_HOME to the data folder.
BASE_DIR = Path(os.environ.get("NAPTRACK_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("NAPTRACK_VAR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("NAPTRACK_DEBUG", False)
SECRET_KEY = os.environ.get(
    "NAPTRACK_SECRET_KEY", "naptrack-development-key-change-me-in-production-0123456789"
)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("NAPTRACK_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("NAPTRACK_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "naptrack.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "naptrack.geo",
    "naptrack.organizations",
    "naptrack.periods",
    "naptrack.frameworks",
    "naptrack.reporting",
    "naptrack.notifications",
    "naptrack.analytics",
    "naptrack.documents",
    "naptrack.transfers",
    "naptrack.seal",
    "naptrack.api",
    "naptrack.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "naptrack.core.preferences.PreferencesMiddleware",
]

ROOT_URLCONF = "naptrack.urls"
WSGI_APPLICATION = "naptrack.wsgi.application"

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
                "naptrack.core.preferences.preferences",
                "naptrack.notifications.context.unread_notifications",
            ],
            "builtins": ["naptrack.core.templatetags.naptrack"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'naptrack.sqlite3'}",
        conn_max_age=int(os.environ.get("NAPTRACK_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers and a task worker share the file: wait on locks, never fail fast.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English")), ("vi", _("Vietnamese"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end libraries and fonts copied from node_modules at install (never committed).
NPM_STATIC_DIR = Path(os.environ.get("NAPTRACK_NPM_STATIC", BASE_DIR / "build" / "npm-static"))
STATICFILES_DIRS = [("lib", NPM_STATIC_DIR)] if NPM_STATIC_DIR.exists() else []
STORAGES = {
    # Local disk under MEDIA_ROOT by default; S3-compatible storage when a bucket is named
    # (pip install 'naptrack[s3]'; credentials from the usual AWS_* variables).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not os.environ.get("NAPTRACK_S3_BUCKET")
    else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["NAPTRACK_S3_BUCKET"],
            "endpoint_url": os.environ.get("NAPTRACK_S3_ENDPOINT") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    },
    # Hashed names need `collectstatic` first; scripts that skip it set NAPTRACK_STATIC_MANIFEST=false.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("NAPTRACK_STATIC_MANIFEST", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("NAPTRACK_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Evidence files: the largest upload accepted, in megabytes.
NAPTRACK_EVIDENCE_MAX_MB = int(os.environ.get("NAPTRACK_EVIDENCE_MAX_MB", "20"))
# Uploads beyond this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: SMTP in production (EMAIL_HOST …); in the demo, messages are written to var/mail.
EMAIL_BACKEND = os.environ.get(
    "NAPTRACK_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("NAPTRACK_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("NAPTRACK_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("NAPTRACK_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("NAPTRACK_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("NAPTRACK_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("NAPTRACK_FROM_EMAIL", "NAPtrack <no-reply@naptrack.local>")
# Public address of the site, for links in e-mails.
NAPTRACK_BASE_URL = os.environ.get("NAPTRACK_BASE_URL", "http://127.0.0.1:8000")
# Documents made in the background are kept this many hours, then their files are deleted.
NAPTRACK_DOCUMENT_TTL_HOURS = int(os.environ.get("NAPTRACK_DOCUMENT_TTL_HOURS", "72"))
# Chromium prints the PDFs (Debian package `chromium`); another path can be given.
NAPTRACK_CHROMIUM = os.environ.get("NAPTRACK_CHROMIUM", "")
# Uploaded workbooks and bulk files: largest size accepted, in megabytes.
NAPTRACK_IMPORT_MAX_MB = int(os.environ.get("NAPTRACK_IMPORT_MAX_MB", "200"))
# Reminders go out this many days before a round's due date to agencies that have not submitted.
NAPTRACK_REMINDER_DAYS = (7, 3, 1)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("NAPTRACK_TASK_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "naptrack.api.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NAPtrack API",
    "DESCRIPTION": "Results frameworks of national and regional action plans: plans, result nodes, "
    "indicators with baselines and targets, organizations, areas and reporting periods.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Plans, organizations and periods each have a `kind`: name the three choice sets apart.
    "ENUM_NAME_OVERRIDES": {
        "PlanKindEnum": "naptrack.frameworks.models.PlanKind",
        "OrganizationKindEnum": "naptrack.organizations.models.OrganizationKind",
        "PeriodKindEnum": "naptrack.periods.models.PeriodKind",
    },
    # No badge from validator.swagger.io: the docs work offline.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NAPTRACK_LOG_LEVEL", "INFO")},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("NAPTRACK_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
