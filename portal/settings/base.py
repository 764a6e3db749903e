"""Settings shared by every environment. Values come from environment variables
(see the table in README.md); the defaults are safe for local development only
where noted, and production.py refuses to start without the secrets it needs."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

from .env import (
    cache_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
    postgres_options,
    postgres_server_options,
    task_settings,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "portal",
    "taxonomy",
    "workstreams",
    "casestudies",
    "diagnostics",
    "contracts",
    "search",
    "members",
    "assets",
    "access",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses what the middleware below returns; see the class for how BREACH is avoided.
    "portal.middleware.PublicCompressionMiddleware",
    "members.current_request.CurrentRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.routing.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "members.middleware.AdminSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "portal.middleware.PrivatePagesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "database.busy.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# SQLite (one server, few concurrent writers; PostgreSQL is the choice beyond that): WAL lets
# pages be read while a long write (such as a diagnostic import) is under way; every transaction
# takes the write lock when it starts ("IMMEDIATE"), so it waits for a busy database instead of
# failing half-way; and a writer waits up to SQLITE_BUSY_TIMEOUT seconds before giving up, when
# database.busy answers "busy, please try again" (HTTP 503).
SQLITE_JOURNAL_MODES = {"WAL", "DELETE", "TRUNCATE", "PERSIST"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SQLITE_JOURNAL_MODE = env_str("SQLITE_JOURNAL_MODE", "WAL").upper()
    if SQLITE_JOURNAL_MODE not in SQLITE_JOURNAL_MODES:
        raise ImproperlyConfigured(
            f"SQLITE_JOURNAL_MODE must be one of {', '.join(sorted(SQLITE_JOURNAL_MODES))}."
        )
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 5),
            "transaction_mode": "IMMEDIATE",
            "init_command": f"PRAGMA journal_mode={SQLITE_JOURNAL_MODE}",
        }
    )
# PostgreSQL: prepared statements (see postgres_options and docs/deploy.md), off unless
# asked for: a browsing statement's generic plan was measured slower than planning it anew.
# Just-in-time compilation is off unless DATABASE_JIT says otherwise (postgres_server_options).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.update(postgres_options(env_bool("DATABASE_PREPARED_STATEMENTS", False)))
    _server_options = postgres_server_options(
        _options.get("options", ""), env_bool("DATABASE_JIT", False)
    )
    if _server_options:
        _options["options"] = _server_options
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "collected-static")))
STATIC_URL = "/static/"
# Files served at the site's root, such as /favicon.ico, which browsers ask for unprompted.
WHITENOISE_ROOT = PROJECT_DIR / "root_files"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Uploaded files (images, renditions and documents) live here, outside MEDIA_ROOT, in
# storages that hand out no URLs: assets.views serves images and Wagtail's document
# view serves documents, each after the access check. Nothing publishes this folder.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))

STORAGES = {
    "default": {
        "BACKEND": "assets.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "assets.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The cache holds rate-limit counters (allauth's and members.ratelimit's), sessions and cached
# figures. Local memory is per process: right for one process (scripts/run), wrong for several
# workers or servers, which must share one Redis (REDIS_URL) so that a limit counts every
# attempt and a session started on one server is known to the others.
REDIS_URL = env_str("REDIS_URL", "")
CACHES = cache_settings(REDIS_URL, env_str("CACHE_KEY_PREFIX", "portal"))
if REDIS_URL:
    # Sessions are read from Redis and written through to the database, so a Redis restart
    # signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work (django-tasks): "immediate" runs each task inside the request that asks for
# it, so a single process needs no worker; "database" queues tasks in the database for
# `manage.py worker`.
TASKS = task_settings(env_str("TASKS_BACKEND", "immediate"))
# /healthz fails its task check when a queued task has waited longer than this (seconds).
HEALTH_TASK_WAIT_LIMIT = env_int("HEALTH_TASK_WAIT_LIMIT", 15 * 60)

# Sessions expire: two weeks at most, and on browser close unless "remember me".
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A strict Content-Security-Policy for the public site: no inline scripts or styles.
# The Wagtail admin (under /admin/) is excluded, as it relies on inline code.
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self' https://www.youtube-nocookie.com "
    "https://player.vimeo.com; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
CSP_EXEMPT_PREFIXES = ["/admin/", "/django-admin/"]
# Personal pages (accounts, profiles, the member directory, contributions): never cached.
PRIVATE_PATH_PREFIXES = ["/members/", "/accounts/"]
# With DEBUG on, Django answers errors with its own debugging pages, which carry inline
# styles and scripts; only those pages get this policy (see portal/middleware.py).
DEBUG_ERROR_PAGE_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")

# Accounts (django-allauth): email is the login, verified before use. See members/.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/members/"
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupDetailsForm"
ACCOUNT_FORMS = {
    "login": "members.account_forms.LoginForm",
    "signup": "members.account_forms.SignupForm",
    "reset_password": "members.account_forms.ResetPasswordForm",
    "reset_password_from_key": "members.account_forms.ResetPasswordKeyForm",
    "change_password": "members.account_forms.ChangePasswordForm",
    "add_email": "members.account_forms.AddEmailForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Responsible Procurement] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env_str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "https")
# Brute-force protection: allauth counts attempts in the cache (per IP and per account).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("SITE_NAME", "Responsible Procurement Community of Practice")
# Front-end submissions and "contact the author" messages: (count, seconds) per user.
MEMBERS_SUBMISSION_RATE = (env_int("MEMBERS_SUBMISSION_LIMIT", 20), 60 * 60)
MEMBERS_CONTACT_RATE = (env_int("MEMBERS_CONTACT_LIMIT", 5), 60 * 60)

# Wagtail
WAGTAIL_SITE_NAME = env_str("SITE_NAME", "Responsible Procurement Community of Practice")
WAGTAILADMIN_BASE_URL = env_str("BASE_URL", "http://localhost:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Editors and administrators hear of a submission once, from the review task's group.
# Superusers would otherwise get a second email for the workflow itself.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# No third-party avatar requests from the admin (they would leak editors' email hashes).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No calls from editors' browsers to wagtail.org: upgrades are the developers' business,
# and the "what's new in Wagtail" banner is not about the portal.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILSEARCH_BACKENDS = {
    # Wagtail's database backend, also keeping the words of knowledge pages field by field
    # for the database engine's ranking (search/wagtail_backend.py).
    "default": {"BACKEND": "search.wagtail_backend"},
}
# Knowledge search (search/): the database engine by default; an external engine when asked.
# SEARCH_ENGINE is "database", "opensearch" or "elasticsearch"; SEARCH_URL is its address.
SEARCH_ENGINE = env_str("SEARCH_ENGINE", "database")
SEARCH_URL = env_str("SEARCH_URL", "http://127.0.0.1:9200")
SEARCH_INDEX_PREFIX = env_str("SEARCH_INDEX_PREFIX", "portal")
if SEARCH_ENGINE in {"opensearch", "elasticsearch"}:
    WAGTAILSEARCH_BACKENDS["external"] = {
        "BACKEND": {
            "opensearch": "wagtail.search.backends.opensearch2",
            "elasticsearch": "wagtail.search.backends.elasticsearch8",
        }[SEARCH_ENGINE],
        "URLS": [SEARCH_URL],
        "INDEX": f"{SEARCH_INDEX_PREFIX}_wagtail",
    }
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "xlsx", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Images with more pixels than this are refused on upload (admin and contribution form alike);
# Pillow is given the same limit when the assets app starts (assets/limits.py).
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 40_000_000)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
WAGTAILIMAGES_IMAGE_MODEL = "assets.PortalImage"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_I18N_ENABLED = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own console handler would print each of its messages a second time
        # beside the root handler's, so they go through the root handler only...
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # ...except the development server's request lines, which keep their timestamp.
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
