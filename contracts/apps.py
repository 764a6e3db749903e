from django.apps import AppConfig
from django.db.models.signals import post_delete


def _council_deleted(sender, **kwargs) -> None:
    """A council's contracts went with it: the register's summary is summed again."""
    from .figures import data_changed
    from .register import refresh_register

    refresh_register()
    data_changed()


class ContractsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contracts"
    verbose_name = "Contracts and suppliers"

    def ready(self) -> None:
        from taxonomy.models import Council

        from . import lookups  # noqa: F401 - registers the ``any_of`` lookup

        post_delete.connect(_council_deleted, sender=Council, dispatch_uid="contracts-council")
