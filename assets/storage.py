"""Where image files live: a storage outside MEDIA_ROOT that has no public URL.

Every image file (originals and renditions) is kept here and reaches browsers only
through ``assets.views.serve``, which checks the image's collection privacy first."""

from __future__ import annotations

import os
from typing import Any

from django.core.files.storage import FileSystemStorage, Storage, storages

PRIVATE_STORAGE_ALIAS = "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage that refuses to hand out direct URLs.

    Anything asking the storage for a URL would bypass the permission check, so it
    gets the same ``NotImplementedError`` as any storage without URLs."""

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Private files are served by the assets views only.")

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        """The storage's class and arguments, with paths as text.

        Wagtail deletes the files of a deleted image or rendition in a background task
        whose arguments include this, and task arguments must be JSON: a ``Path`` location
        (as settings usually give) would make the deletion fail and leave the files."""
        path, args, kwargs = super().deconstruct()
        return (
            path,
            [_as_text(value) for value in args],
            {key: _as_text(value) for key, value in kwargs.items()},
        )


def _as_text(value: Any) -> Any:
    return os.fspath(value) if isinstance(value, os.PathLike) else value


def private_storage() -> Storage:
    """The storage configured as ``STORAGES["private"]``.

    A callable, so migrations name the function rather than a machine's folder."""
    return storages[PRIVATE_STORAGE_ALIAS]
