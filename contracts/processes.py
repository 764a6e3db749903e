"""Starting worker processes that need Django (for imports that spread their work).

A worker process starts from a fresh interpreter, so the function it starts with, and its
arguments, must be read before Django is set up: this module imports nothing of Django's
models, and what the worker needs is handed over as pickled bytes, read once it is."""

from __future__ import annotations

import importlib
import pickle


def start_worker(setup: str, payload: bytes) -> None:
    """Set Django up, then call ``setup`` ("module:function") with the unpickled payload."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    module, function = setup.split(":")
    getattr(importlib.import_module(module), function)(pickle.loads(payload))  # noqa: S301
