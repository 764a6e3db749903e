"""Checks on uploaded files by their content, not their name, and storage in Wagtail.

Images must open and verify with Pillow and have no more pixels than ``MAX_IMAGE_PIXELS``.
Documents must be PDF, or an Office Open XML / OpenDocument zip whose internal parts match
the claimed kind."""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename

from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Collection, CollectionMember, CollectionViewRestriction

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from assets.limits import max_image_pixels

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}

PUBLIC_COLLECTION = "Contributions"
MEMBERS_COLLECTION = "Members only"


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def _too_many_pixels(pixels: int | None, limit: int) -> ValidationError:
    counted = f" ({pixels:,})" if pixels else ""
    return ValidationError(
        f"The image has too many pixels{counted}. It can have at most {limit:,} pixels: "
        "make it smaller and choose it again."
    )


def check_image(upload: UploadedFile) -> str:
    """Return the file extension for a real JPEG, PNG, GIF or WebP image, or raise.

    The pixel count (width × height × frames, as Wagtail counts it) is read from the
    header without decoding, so a small file declaring huge dimensions is refused cheaply."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(f"The image must be smaller than {_megabytes(MAX_IMAGE_BYTES)}.")
    limit = max_image_pixels()
    try:
        with warnings.catch_warnings():
            # Over the limit is refused below; Pillow's warning adds nothing.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            upload.seek(0)
            with PILImage.open(upload) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
            if width * height > limit:
                raise _too_many_pixels(width * height, limit)
            upload.seek(0)
            with PILImage.open(upload) as image:
                pixels = width * height * getattr(image, "n_frames", 1)
    except PILImage.DecompressionBombError:
        raise _too_many_pixels(None, limit)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError("The image must be a JPG, PNG, GIF or WebP picture.")
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError("The image must be a JPG, PNG, GIF or WebP picture.")
    if pixels > limit:
        raise _too_many_pixels(pixels, limit)
    return IMAGE_FORMATS[image_format]


def sniff_document(upload: UploadedFile) -> str | None:
    """The real kind of a document (pdf, docx, xlsx, pptx, odt), or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "[Content_Types].xml" in names:
                for kind, prefix in OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


def check_document(upload: UploadedFile) -> str:
    """Return the extension for a PDF, DOCX, XLSX, PPTX or ODT file, judged by content."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            f"The document must be smaller than {_megabytes(MAX_DOCUMENT_BYTES)}."
        )
    kind = sniff_document(upload)
    if kind is None:
        raise ValidationError("The document must be a PDF, DOCX, XLSX, PPTX or ODT file.")
    return kind


def _named(upload: UploadedFile, extension: str) -> str:
    stem = get_valid_filename(upload.name.rsplit(".", 1)[0])[:80] or "upload"
    return f"{stem}.{extension}"


@transaction.atomic
def collection_for(visibility: str) -> Collection:
    """Public uploads go to "Contributions"; members-only ones to a login-restricted collection.

    Wagtail's document view and the portal's image view (``assets``) check collection
    privacy, so members-only files are only served to signed-in users."""
    members_only = visibility == "members"
    name = MEMBERS_COLLECTION if members_only else PUBLIC_COLLECTION
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(instance=Collection(name=name))
    if (
        members_only
        and not CollectionViewRestriction.objects.filter(collection=collection).exists()
    ):
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


@transaction.atomic
def move_to_visibility(files: Iterable[CollectionMember], visibility: str) -> int:
    """Move contributed images and documents into the collection for ``visibility``.

    Only files in the two collections uploads go to ("Contributions" and "Members
    only") are moved; files an editor filed elsewhere stay where the editor put them.
    Returns how many files moved."""
    target = collection_for(visibility)
    managed = set(
        Collection.get_first_root_node()
        .get_children()
        .filter(name__in=[PUBLIC_COLLECTION, MEMBERS_COLLECTION])
        .values_list("pk", flat=True)
    )
    moved = 0
    for item in files:
        if item.collection_id in managed and item.collection_id != target.pk:
            item.collection = target
            item.save(update_fields=["collection"])
            moved += 1
    return moved


def _store(model, upload: UploadedFile, extension: str, title: str, visibility: str, user):
    """Save a checked upload as a Wagtail image or document in the collection its
    visibility calls for."""
    upload.name = _named(upload, extension)
    item = model(
        title=title[:255],
        file=upload,
        collection=collection_for(visibility),
        uploaded_by_user=user,
    )
    item.save()
    return item


def store_image(
    upload: UploadedFile, title: str, visibility: str, user: AbstractBaseUser
) -> AbstractImage:
    return _store(get_image_model(), upload, check_image(upload), title, visibility, user)


def store_document(
    upload: UploadedFile, title: str, visibility: str, user: AbstractBaseUser
) -> Document:
    return _store(Document, upload, check_document(upload), title, visibility, user)
