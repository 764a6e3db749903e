"""Statements over the visible knowledge, compiled to SQL once per process for each shape.

Building a statement on ``KnowledgePage.objects.visible_to(viewer)`` with a request's filters
through the ORM and compiling it cost more than the database spent running it (a search's
visible pages, a listing's council counts and tags). Its SQL text depends only on the
statement and the *shape* of the request: the kind of viewer, the restricted sections hidden
from them, which filters are chosen and how many values each has (and, for the small fixed
vocabularies of type, maturity and year, which values). So the ORM builds it once per shape,
from the access rule itself, with stand-in values; each request then binds its own values,
its user and the current time (for expiry) as parameters."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection
from django.utils import timezone

from wagtail.models import Page

from access.pages import hidden_sections
from access.viewer import Viewer

# Facets whose chosen values go into the statement as parameters, one per value; the
# others (type, maturity, year) have few values, each turned into other terms, and are
# part of the shape.
BOUND_FACETS = frozenset({"value_code", "pillar", "workstream", "council", "tag"})
STAND_IN_USER = -1_987_654_321
MAX_SHAPES = 256

Filters = Mapping[str, Sequence[str]]
# Builds a statement for a viewer and the chosen values of each facet: its SQL and parameters.
Builder = Callable[[Viewer, Filters], tuple[str, tuple]]


@dataclass(frozen=True)
class Slot:
    """Where a request's own value goes among a compiled statement's parameters."""

    position: int
    kind: str  # "now", "user" or a facet's name
    index: int = 0


@dataclass(frozen=True)
class Compiled:
    sql: str
    params: tuple
    slots: tuple[Slot, ...]


_compiled: dict[tuple, Compiled] = {}


def _stand_in(name: str, index: int) -> str:
    return f"\x00{name}\x00{index}"


def _shape(statement: Hashable, viewer: Viewer, filters: Filters, paths: tuple[str, ...]) -> tuple:
    chosen = tuple(
        (name, len(values) if name in BOUND_FACETS else tuple(values))
        for name, values in sorted(filters.items())
    )
    return (statement, viewer.member, viewer.superuser, paths, chosen)


def _now() -> Any:
    """The current time as the database receives it for a page's expiry time."""
    return Page._meta.get_field("expire_at").get_db_prep_value(timezone.now(), connection)


def _stand_in_viewer(viewer: Viewer) -> Viewer:
    """The viewer with a stand-in for their id where the rule asks for their groups."""
    if viewer.member and not viewer.superuser:
        return replace(viewer, user_id=STAND_IN_USER)
    return viewer


def _bind_users(params: tuple | list, stand_viewer: Viewer) -> tuple[Slot, ...]:
    if stand_viewer.user_id != STAND_IN_USER:
        return ()
    return tuple(Slot(n, "user") for n, value in enumerate(params) if value == STAND_IN_USER)


_sections: dict[tuple[bool, bool], Compiled] = {}


def section_paths(viewer: Viewer) -> tuple[str, ...]:
    """``access.pages.hidden_section_paths``, its statement compiled once per kind of viewer."""
    key = (viewer.member, viewer.superuser)
    compiled = _sections.get(key)
    if compiled is None:
        stand_viewer = _stand_in_viewer(viewer)
        sql, params = hidden_sections(stand_viewer).query.sql_with_params()
        compiled = _sections[key] = Compiled(sql, params, _bind_users(params, stand_viewer))
    bound = list(compiled.params)
    for slot in compiled.slots:
        bound[slot.position] = viewer.user_id
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, bound)
        return tuple(path for (path,) in cursor.fetchall())


def _compile(build: Builder, viewer: Viewer, filters: Filters) -> Compiled | None:
    """Build with stand-ins for the user and the bound values, twice: the parameters that
    differ between the two statements are the current time. ``None`` when the statement
    cannot be bound safely (it compiled differently, or the time or a chosen value is not
    found among its parameters): the caller then builds it for the request itself."""
    stand_viewer = _stand_in_viewer(viewer)
    stand_filters = {
        name: tuple(_stand_in(name, n) for n in range(len(values)))
        if name in BOUND_FACETS
        else tuple(values)
        for name, values in filters.items()
    }
    sql, first = build(stand_viewer, stand_filters)
    again, second = build(stand_viewer, stand_filters)
    if again != sql or len(first) != len(second):
        return None
    values = {
        _stand_in(name, n): (name, n)
        for name, stand_ins in stand_filters.items()
        if name in BOUND_FACETS
        for n in range(len(stand_ins))
    }
    slots = list(_bind_users(second, stand_viewer))
    for position, (value, other) in enumerate(zip(first, second, strict=True)):
        if value != other:
            slots.append(Slot(position, "now"))
        elif isinstance(value, str) and value in values:
            slots.append(Slot(position, *values[value]))
    if not any(slot.kind == "now" for slot in slots):
        return None
    if not set(values.values()) <= {(slot.kind, slot.index) for slot in slots}:
        return None
    return Compiled(sql, tuple(second), tuple(slots))


def visible_sql(
    statement: Hashable,
    viewer: Viewer,
    filters: Filters,
    build: Builder,
    paths: tuple[str, ...] | None = None,
) -> tuple[str, tuple]:
    """``build(viewer, filters)``'s SQL and parameters, compiled once per shape.

    ``statement`` names what ``build`` builds (one name for each builder and whatever
    it reads besides the viewer and the filters). ``build`` must ask
    ``KnowledgePage.objects.visible_to`` for the pages and apply ``filters``. ``paths`` are
    the sections hidden from ``viewer`` (``section_paths``) when the caller has read them
    for this request; otherwise they are read afresh."""
    if paths is None:
        paths = section_paths(viewer)
    key = _shape(statement, viewer, filters, paths)
    compiled = _compiled.get(key)
    if compiled is None:
        # Built for a stand-in user in none of the groups: valid for every viewer of the
        # kind for whom the same sections are hidden, unless they changed meanwhile.
        stand_in_paths = section_paths(_stand_in_viewer(viewer))
        if stand_in_paths != paths:
            # A section this viewer's groups open: a statement of their own.
            return build(viewer, filters)
        compiled = _compile(build, viewer, filters)
        if compiled is None:
            return build(viewer, filters)
        if section_paths(_stand_in_viewer(viewer)) == paths:
            if len(_compiled) >= MAX_SHAPES:
                _compiled.clear()
            _compiled[key] = compiled
    bound = list(compiled.params)
    now = _now()
    for slot in compiled.slots:
        if slot.kind == "now":
            bound[slot.position] = now
        elif slot.kind == "user":
            bound[slot.position] = viewer.user_id
        else:
            bound[slot.position] = filters[slot.kind][slot.index]
    return compiled.sql, tuple(bound)
