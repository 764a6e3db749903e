"""The portal's media library: Wagtail images whose files are private.

``PortalImage`` and ``PortalRendition`` are Wagtail's image and rendition with two
changes: their files are kept in the private storage (``storage.py``), and every URL
for them (``image.file.url``, ``rendition.url``) points at the permission-checked
view in ``views.py`` instead of at MEDIA_URL. Permissions stay Wagtail's
(``wagtailimages.add_image``, ``choose_image``...): Wagtail checks those for any image model."""

from __future__ import annotations

import posixpath

from django.db import models
from django.urls import reverse

from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Image,
    WagtailImageField,
    WagtailImageFieldFile,
    get_rendition_upload_to,
    get_upload_to,
)
from wagtail.images.utils import generate_signature

from .storage import private_storage

ORIGINAL = "original"


def protected_url(image_id: int, filter_spec: str, filename: str) -> str:
    """The signed address of one version of an image; the signature stops anyone
    asking the server to generate arbitrary renditions."""
    signature = generate_signature(image_id, filter_spec)
    return reverse("assets:serve", args=(signature, image_id, filter_spec, filename))


class ProtectedImageFieldFile(WagtailImageFieldFile):
    """A file whose URL comes from its model instance, never from the storage."""

    @property
    def url(self) -> str:
        self._require_file()
        return self.instance.protected_url


class ProtectedImageField(WagtailImageField):
    attr_class = ProtectedImageFieldFile


class PortalImage(AbstractImage):
    file = ProtectedImageField(
        verbose_name="file",
        upload_to=get_upload_to,
        storage=private_storage,
        width_field="width",
        height_field="height",
    )

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"

    @property
    def protected_url(self) -> str:
        return protected_url(self.pk, ORIGINAL, self.filename)


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, related_name="renditions", on_delete=models.CASCADE)
    file = ProtectedImageField(
        upload_to=get_rendition_upload_to,
        storage=private_storage,
        width_field="width",
        height_field="height",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("image", "filter_spec", "focal_point_key"), name="unique_portal_rendition"
            )
        ]

    @property
    def protected_url(self) -> str:
        return protected_url(self.image_id, self.filter_spec, posixpath.basename(self.file.name))

    @property
    def url(self) -> str:
        return self.protected_url
