"""How static files are stored in production."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files whose JavaScript modules import each other by their
    hashed names, so a module that changes is never served from a stale cache."""

    support_js_module_import_aggregation = True
