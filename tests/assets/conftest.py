"""Images in public and members-only collections, and the people who ask for them."""

from __future__ import annotations

import io

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

import pytest
from PIL import Image as PillowImage

from members.uploads import collection_for
from tests.members.conftest import (  # noqa: F401 (fixtures shared with the members tests)
    contributor,
    editor,
    make_user,
    member,
    site,
)


def png(size: tuple[int, int] = (120, 80)) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (11, 79, 108)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def make_image(site, make_knowledge):  # noqa: F811 (the imported fixture)
    """An image in the collection for ``visibility``, shown on a live page of that
    visibility (files follow the pages that use them) unless ``used`` is false."""

    def make(
        visibility: str = "public", name: str = "picture.png", used: bool = True
    ) -> AbstractImage:
        image = get_image_model().objects.create(
            title=name,
            file=ImageFile(io.BytesIO(png()), name=name),
            collection=collection_for(visibility),
        )
        if used:
            page = make_knowledge(title=f"Showing {name}", visibility=visibility)
            page.body = [
                (
                    "image",
                    {"image": image, "alt_text": name, "decorative": False, "caption": ""},
                )
            ]
            page.save_revision().publish()
        return image

    return make


@pytest.fixture
def private_image(make_image) -> AbstractImage:
    return make_image("members", "private.png")


@pytest.fixture
def public_image(make_image) -> AbstractImage:
    return make_image("public", "public.png")
