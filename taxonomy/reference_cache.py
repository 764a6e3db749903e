"""Reference data (value codes, pillars, maturity levels, councils, workstreams) read from the
database once per change rather than once per page.

Nearly every page shows some of it, and it changes only when an editor saves a row. Each
cached read is a plain value (tuples, never model objects a caller could alter) kept in
Django's cache under the current *version*, a random token also kept there. Saving or deleting
a row of a tracked model writes a new token, so every worker and server sharing the cache
(Redis in production) reads the data afresh on its next request.

Each process also keeps the values it last read, with their token: a request reads the token
once, with its first cached read, and takes the values from memory while the token is unchanged.
Outside a request (commands, the background worker) the token is read on every call.

Writes that send no signals (``QuerySet.update``, ``bulk_create``) must call
:func:`bump_reference_version` themselves."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import BaseCache, caches
from django.core.signals import request_finished, request_started
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

T = TypeVar("T")

VERSION_KEY = "reference:version"


class ReferenceCache:
    """Values built from reference data, shared through one cache backend.

    ``backend`` is a function returning the cache, so that tests can give two instances
    their own clients of one cache, as two worker processes would have."""

    def __init__(self, backend: Callable[[], BaseCache] = lambda: caches["default"]) -> None:
        self.backend = backend
        self.builders: dict[str, Callable[[], Any]] = {}
        self.kept: dict[str, tuple[str, Any]] = {}
        self.request = threading.local()

    def start_request(self) -> None:
        self.request.active = True
        self.request.token = None

    def finish_request(self) -> None:
        self.request.active = False
        self.request.token = None

    def version(self) -> str:
        """The current token; a new one when the cache has none (first use, or cleared)."""
        token = getattr(self.request, "token", None)
        if token is not None:
            return token
        cache = self.backend()
        token = cache.get(VERSION_KEY)
        if token is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            token = cache.get(VERSION_KEY)
        if getattr(self.request, "active", False):
            self.request.token = token
        return token

    def bump(self) -> None:
        """Make every process read the reference data afresh."""
        self.backend().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        self.request.token = None

    def get(self, name: str) -> Any:
        token = self.version()
        kept = self.kept.get(name)
        if kept is not None and kept[0] == token:
            return kept[1]
        cache = self.backend()
        key = f"reference:{name}:{token}"
        value = cache.get(key)
        if value is None:
            value = self.builders[name]()
            cache.set(key, value, timeout=None)
        self.kept[name] = (token, value)
        return value

    def register(self, name: str, build: Callable[[], T]) -> Callable[[], T]:
        self.builders[name] = build
        return lambda: self.get(name)


REFERENCE = ReferenceCache()
request_started.connect(
    lambda **kwargs: REFERENCE.start_request(), weak=False, dispatch_uid="reference-start"
)
request_finished.connect(
    lambda **kwargs: REFERENCE.finish_request(), weak=False, dispatch_uid="reference-finish"
)


def bump_reference_version() -> None:
    REFERENCE.bump()


def clear_all_but_reference() -> None:
    """Empty the cache except for what any server that has been running a while holds: the
    reference data's version token and Wagtail's site root paths.

    What this process has already read of the reference data stays valid, while everything
    else (cached figures, fragments) is gone. Counting a page's queries after this counts
    what a warm server runs for each request, not the rare reloads after an editor's change."""
    cache = REFERENCE.backend()
    kept = [(VERSION_KEY, None), (SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION)]
    values = [(key, version, cache.get(key, version=version)) for key, version in kept]
    cache.clear()
    for key, version, value in values:
        if value is not None:
            cache.set(key, value, timeout=None, version=version)


def _changed(**kwargs: Any) -> None:
    # Now, for the rest of this transaction; and again once it commits, as another process
    # may have read the data between the two, before the change was visible to it.
    REFERENCE.bump()
    transaction.on_commit(REFERENCE.bump)


def cached_reference(
    name: str, *tracked: type[models.Model]
) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorate a function that reads reference data: its result is cached until a row of
    one of the ``tracked`` models is saved or deleted. The result must be picklable and is
    shared by every caller, so return tuples or other values nobody alters."""
    for model in tracked:
        uid = f"reference-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")

    def decorate(build: Callable[[], T]) -> Callable[[], T]:
        read = REFERENCE.register(name, build)
        read.__doc__ = build.__doc__
        read.__name__ = build.__name__
        return read

    return decorate
