"""A small fixed-window rate limit kept in the cache, for actions allauth does not cover."""

from __future__ import annotations

from django.core.cache import cache


def allow(action: str, key: str, limit: int, period: int) -> bool:
    """Count one attempt at ``action`` by ``key``; False once ``limit`` is passed in ``period``."""
    cache_key = f"members-rl:{action}:{key}"
    if cache.add(cache_key, 1, timeout=period):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=period)
        return True
    return count <= limit
