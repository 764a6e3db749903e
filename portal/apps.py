from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from taxonomy.csvexport import escape_wagtail_csv_exports

        from . import agenda_proposals, beside_gaps

        escape_wagtail_csv_exports()
        beside_gaps.register()
        agenda_proposals.register()
