"""Huying's one settings module: every value comes from the environment.

See .env.example for the variables.  Bad values raise ImproperlyConfigured at start-up.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from huying.lib.env import env_bool, env_choice, env_int, env_list, env_str, is_field_key, refuse_to_start

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HUYING_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# The development keys are public (they are in this file): with DEBUG off, Huying refuses to
# start on them, or without keys, whatever starts it (gunicorn, the worker, a command).
DEVELOPMENT_SECRET_KEY = "django-insecure-huying-development-key-do-not-deploy"  # noqa: S105
DEVELOPMENT_FIELD_KEY = "aHV5aW5nLWRldmVsb3BtZW50LWZpZWxkLWtleS0zMmI="
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    if not DEBUG:
        refuse_to_start("SECRET_KEY is not set, or is the public development key, and DEBUG is off (see .env.example)")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif not DEBUG and (len(SECRET_KEY) < 40 or SECRET_KEY.startswith("django-insecure") or "change-me" in SECRET_KEY):
    refuse_to_start("SECRET_KEY must be a long random string (50 characters or more) when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Which forwarded-for header to believe, and how many proxies stand in front.
HUYING_TRUSTED_PROXY_HEADER = env_str("HUYING_TRUSTED_PROXY_HEADER", "")
HUYING_TRUSTED_PROXY_COUNT = env_int("HUYING_TRUSTED_PROXY_COUNT", 1, minimum=1)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "huey.contrib.djhuey",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "huying.core",
    "huying.accounts",
    "huying.audit",
    "huying.signin",
    "huying.taxonomy",
    "huying.workdays",
    "huying.appeals",
    "huying.workorders",
    "huying.notifications",
    "huying.board",
    "huying.triage",
    "huying.duplicates",
    "huying.hot",
    "huying.matters",
    "huying.backups",
    "huying.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "huying.core.middleware.head_as_get",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "huying.signin.middleware.second_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "huying.core.middleware.permissions_policy",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "huying.urls"
CSRF_FAILURE_VIEW = "huying.core.views.csrf_failure"
WSGI_APPLICATION = "huying.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "signin:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "core:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "huying.core.context_processors.site",
                "huying.workdays.context_processors.calendar_warning",
                "huying.triage.context_processors.router_link",
                "huying.hot.context_processors.hot_link",
            ],
            "builtins": ["huying.core.templatetags.script"],
        },
    }
]

# Database ---------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'huying.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
except Exception as exc:  # dj_database_url raises several types
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Huey worker write at once: WAL lets readers go on
    # while one writes, IMMEDIATE takes the write lock up front so a transaction
    # never fails half-way on an upgrade, and the timeout waits instead of erroring.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1),
        "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"),
    }
    _db["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME", "") or None}
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # Behind PgBouncer's transaction pooling a cursor cannot outlive its transaction.
    _db["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DB_DISABLE_SERVER_SIDE_CURSORS", False)
else:
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: the local memory cache is enough; counters that must be shared live in the database.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work ---------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "huying",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "huying",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# Authentication -----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "huying.signin.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Wrong passwords lock a username for the address that sent them (a colleague at the same
# address signs in as ever), and an address that fails on many usernames waits for all.
HUYING_SIGNIN_TRIES_PER_USERNAME = env_int("HUYING_SIGNIN_TRIES_PER_USERNAME", 5, minimum=1)
HUYING_SIGNIN_TRIES_PER_ADDRESS = env_int("HUYING_SIGNIN_TRIES_PER_ADDRESS", 20, minimum=1)
HUYING_SIGNIN_LOCK_MINUTES = env_int("HUYING_SIGNIN_LOCK_MINUTES", 60, minimum=1)
AXES_HANDLER = "huying.signin.handlers.SignInHandler"
AXES_FAILURE_LIMIT = "huying.signin.handlers.failure_limit"
AXES_COOLOFF_TIME = "huying.signin.handlers.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "huying.lib.clientip.axes_client_ip"
AXES_RESET_ON_SUCCESS = True
# A try refused during a lock neither counts nor makes the lock longer.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "huying.signin.views.locked_out"
AXES_VERBOSE = False
# Two-factor sign-in (TOTP, recovery codes) is required of these roles; anyone may enrol.
TWO_FACTOR_ROLES_DEFAULT = [] if DEBUG else ["admin", "dispatcher", "supervisor", "leader"]
HUYING_TWO_FACTOR_ROLES = env_list("HUYING_TWO_FACTOR_ROLES", TWO_FACTOR_ROLES_DEFAULT)
if unknown := set(HUYING_TWO_FACTOR_ROLES) - {"admin", "dispatcher", "handler", "supervisor", "leader", "moderator"}:
    raise ImproperlyConfigured(f"HUYING_TWO_FACTOR_ROLES names no such role: {', '.join(sorted(unknown))}")
OTP_TOTP_ISSUER = "呼应"
HUYING_RECOVERY_CODES = 10
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_SECONDS", 60 * 60 * 24, minimum=600)
# Staff sessions end after 30 idle minutes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Internationalisation -------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
if LANGUAGE_CODE not in {code for code, _name in LANGUAGES}:
    raise ImproperlyConfigured(f"LANGUAGE_CODE must be one of zh-hans, zh-hant, en, not {LANGUAGE_CODE!r}")
# The shared helpers (huying/lib) are no app: their strings have a catalogue of their own.
LOCALE_PATHS = [BASE_DIR / "huying" / "lib" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
try:
    import zoneinfo

    zoneinfo.ZoneInfo(TIME_ZONE)
except Exception as exc:
    raise ImproperlyConfigured(f"TIME_ZONE is not a known time zone: {TIME_ZONE!r}") from exc
USE_I18N = True
USE_TZ = True

# Static and uploaded files ---------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are never served by URL: no route maps this prefix, and staff open
# attachments only through permission-checked views.
MEDIA_URL = "/_private_media_never_served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("HUYING_MANIFEST_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (a fresh clone), WhiteNoise serves straight from the apps.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Security ---------------------------------------------------------------
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts only from our own files: no inline script or handler, no eval (htmx is told so in
# base.html). Styles may be inline: Django admin and the QR code's SVG carry style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# No page of Huying needs the camera, the microphone, payments or the location.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SESSION_COOKIE_HTTPONLY = True
if HUYING_TRUSTED_PROXY_HEADER and HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Personal data: phone and ID numbers are encrypted with this key (Fernet, base64, 32 bytes).
# A comma-separated list rotates keys: the first encrypts, all decrypt.
HUYING_FIELD_KEYS = env_list("HUYING_FIELD_KEYS", [])
if not HUYING_FIELD_KEYS or DEVELOPMENT_FIELD_KEY in HUYING_FIELD_KEYS:
    if not DEBUG:
        refuse_to_start(
            "HUYING_FIELD_KEYS is not set, or holds the public development key, and DEBUG is off (see .env.example)"
        )
    HUYING_FIELD_KEYS = HUYING_FIELD_KEYS or [DEVELOPMENT_FIELD_KEY]
if bad := [key for key in HUYING_FIELD_KEYS if not is_field_key(key)]:
    refuse_to_start(f"HUYING_FIELD_KEYS: {len(bad)} key(s) are not Fernet keys (32 bytes, url-safe base64)")

# Notifications: console by default; sms or email in production.
HUYING_SMS_BACKEND = env_choice("HUYING_SMS_BACKEND", "console", {"console", "http", "disabled"})
HUYING_SMS_URL = env_str("HUYING_SMS_URL", "")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "huying@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30

# Residents' side limits (database counters: SQLite needs no cache server).
HUYING_SUBMISSIONS_PER_PHONE_PER_DAY = env_int("HUYING_SUBMISSIONS_PER_PHONE_PER_DAY", 5, minimum=1)
HUYING_SUBMISSIONS_PER_IP_PER_HOUR = env_int("HUYING_SUBMISSIONS_PER_IP_PER_HOUR", 20, minimum=1)
# Wrong query codes: from one address on one ticket, and from one address on any tickets,
# before that address waits; nobody else is locked out by them.
HUYING_TRACKING_TRIES_PER_TICKET = env_int("HUYING_TRACKING_TRIES_PER_TICKET", 5, minimum=1)
HUYING_TRACKING_TRIES_PER_ADDRESS = env_int("HUYING_TRACKING_TRIES_PER_ADDRESS", 20, minimum=1)
HUYING_TRACKING_LOCK_MINUTES = env_int("HUYING_TRACKING_LOCK_MINUTES", 60, minimum=1)
# Background work queued at submission (triage, the abuse check, the duplicate sketch) that
# is not done this many minutes later was lost (a worker killed mid-task): it is queued again.
HUYING_REQUEUE_AFTER_MINUTES = env_int("HUYING_REQUEUE_AFTER_MINUTES", 5, minimum=1)
HUYING_DUPLICATE_WINDOW_DAYS = env_int("HUYING_DUPLICATE_WINDOW_DAYS", 30, minimum=1)
# Hot issues: how far back a new appeal looks for its group (the longest window the page
# offers), and the supports ("我也遇到了") one address may give in an hour.
HUYING_HOT_HORIZON_DAYS = env_int("HUYING_HOT_HORIZON_DAYS", 90, minimum=7)
HUYING_SUPPORTS_PER_IP_PER_HOUR = env_int("HUYING_SUPPORTS_PER_IP_PER_HOUR", 30, minimum=1)
HUYING_REOPEN_LIMIT = env_int("HUYING_REOPEN_LIMIT", 2, minimum=1)
# Days after an appeal is closed or rejected before its personal data is erased (privacy notice: 3 years).
# Which appeals' personal data was erased, and when: outside the database, so a restore from
# an older backup erases them again. Keep it on the server's disk, not in the backups.
HUYING_ERASURE_LOG = Path(env_str("HUYING_ERASURE_LOG", str(VAR_DIR / "erasures.log")))
HUYING_RETENTION_DAYS = env_int("HUYING_RETENTION_DAYS", 3 * 365, minimum=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}

# The district's name as shown in the header; empty shows a generic title.
HUYING_DISTRICT_NAME = env_str("HUYING_DISTRICT_NAME", "")
# The district's published service numbers: never masked where a text quotes them (the
# departments' own public numbers are entered in admin).
HUYING_PUBLIC_NUMBERS = env_list("HUYING_PUBLIC_NUMBERS", ["12345", "12315", "12369", "12320", "12333"])
# The district's estates and other places beyond its department tree (保利林语, 清姜湿地公园):
# never taken for a person's name.
HUYING_PLACE_NAMES = env_list("HUYING_PLACE_NAMES", [])

# Abuse score: an optional word-list file extending the built-in spam/abusive/threat lists
# (format in huying/lib/abuse.py); re-read when it changes.
HUYING_ABUSE_WORDS = env_str("HUYING_ABUSE_WORDS", "")

# Smart triage: a suggestion whose top category is below this confidence (percent) is marked
# uncertain; a category or department needs this many confirmed examples before the router
# predicts it; the weekly retraining runs once this many new choices were confirmed.
HUYING_ROUTER_CONFIDENT_PERCENT = env_int("HUYING_ROUTER_CONFIDENT_PERCENT", 60, minimum=1)
HUYING_ROUTER_MIN_EXAMPLES = env_int("HUYING_ROUTER_MIN_EXAMPLES", 5, minimum=2)
HUYING_ROUTER_RETRAIN_AFTER = env_int("HUYING_ROUTER_RETRAIN_AFTER", 50, minimum=1)
