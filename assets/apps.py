from django.apps import AppConfig
from django.core.signals import setting_changed


class AssetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assets"
    verbose_name = "Media library"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from . import checks  # noqa: F401 (registers the system checks)
        from .limits import apply_pillow_limit

        apply_pillow_limit()
        setting_changed.connect(apply_pillow_limit, dispatch_uid="assets.apply_pillow_limit")

        from .models import PortalImage
        from .tasks import queue_renditions

        post_save.connect(queue_renditions, sender=PortalImage, dispatch_uid="assets_renditions")
