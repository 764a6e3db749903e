from django.apps import AppConfig


class AssetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assets"
    verbose_name = "Media library"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from . import checks  # noqa: F401 (registers the system checks)
        from .models import PortalImage
        from .tasks import queue_renditions

        post_save.connect(queue_renditions, sender=PortalImage, dispatch_uid="assets_renditions")
