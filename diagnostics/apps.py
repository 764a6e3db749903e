from django.apps import AppConfig


class DiagnosticsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "diagnostics"
    verbose_name = "Diagnostics"

    def ready(self) -> None:
        from .shortlists import connect

        connect()
