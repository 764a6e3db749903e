"""Rendition pre-generation: the versions of an image that the site shows are made by the
worker when the image is uploaded or replaced, not by the first visitor to ask for one."""

from __future__ import annotations

import logging

from django.db import transaction

from wagtail.images.models import SourceImageIOError

from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from .models import PortalImage

logger = logging.getLogger(__name__)

# The sizes the portal's templates ask for (the image block) and the admin's thumbnails.
PREGENERATED_FILTER_SPECS = ("max-960x720", "max-165x165")


@task(priority=-10)
def pregenerate_renditions(image_id: int) -> int:
    """Make the usual renditions of one image; returns how many exist afterwards."""
    image = PortalImage.objects.filter(pk=image_id).first()
    if image is None:  # deleted since it was queued
        return 0
    try:
        return len(image.get_renditions(*PREGENERATED_FILTER_SPECS))
    except SourceImageIOError:
        logger.warning("Image %s has no readable file; no renditions were made", image_id)
        return 0


def queue_renditions(sender, instance: PortalImage, raw: bool = False, **kwargs) -> None:
    """After an image is saved, queue its renditions once the save has committed.

    With the immediate task backend (one process, no worker) nothing is queued: a rendition
    is made on its first view as before, rather than slowing down the upload itself."""
    if raw or isinstance(task_backends["default"], ImmediateBackend):
        return
    transaction.on_commit(lambda: pregenerate_renditions.enqueue(instance.pk))
