from django.apps import AppConfig


class AssetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assets"
    verbose_name = "Media library"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the system checks)
