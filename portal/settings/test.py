"""Test settings: fast hashing, local memory cache, emails kept in memory."""

from .base import *  # noqa: F403
from .env import cache_settings, env_bool, env_str, postgres_options, task_settings

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(env_str("TEST_MEDIA_ROOT", str(BASE_DIR / ".test-media")))  # noqa: F405
PRIVATE_MEDIA_ROOT = MEDIA_ROOT.parent / f"{MEDIA_ROOT.name}-private"
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
STORAGES["default"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Each test starts from empty, private state whatever the environment says; the tests of
# shared state start their own servers with REDIS_URL and TASKS_BACKEND.
CACHES = cache_settings("")
SESSION_ENGINE = "django.contrib.sessions.backends.db"
TASKS = task_settings("immediate")
# On PostgreSQL the suite runs with prepared statements unless told otherwise: without them
# the database layer is Django's own, and with them every query the portal sends must still
# bind (a deployment may turn them on with DATABASE_PREPARED_STATEMENTS).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["OPTIONS"].update(  # noqa: F405
        postgres_options(env_bool("DATABASE_PREPARED_STATEMENTS", True))
    )
