from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TaxonomyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "taxonomy"
    verbose_name = "Taxonomy"

    def ready(self) -> None:
        from .reference_cache import bump_reference_version

        # A migration may change reference rows without signals; a shared cache outlives it.
        post_migrate.connect(
            lambda **kwargs: bump_reference_version(),
            sender=self,
            weak=False,
            dispatch_uid="reference-migrate",
        )
