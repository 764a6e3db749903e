"""Which engagement agendas a viewer is shown, wherever agendas are listed.

Every listing (the agendas' index, a supplier's page, a value-code page, the agendas beside
gap recommendations) asks these functions, and they ask the one page rule
(``access.pages.visible_pages``), so a draft, expired or restricted agenda never shows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from access.pages import visible_pages

from .models import EngagementAgendaPage, Supplier


def visible_agendas(user: Any) -> QuerySet[EngagementAgendaPage]:
    """Every agenda this viewer may see, by title."""
    return visible_pages(EngagementAgendaPage.objects.all(), user).order_by("title")


def agendas_for_supplier(supplier: Supplier, user: Any) -> QuerySet[EngagementAgendaPage]:
    ids = EngagementAgendaPage.objects.filter(agenda_suppliers__supplier=supplier).values("pk")
    return visible_agendas(user).filter(pk__in=ids)


def agendas_for_value_code(value_code: Any, user: Any) -> list[EngagementAgendaPage]:
    """The agendas tagged with a value code, with their suppliers."""
    found = visible_agendas(user).filter(value_codes=value_code)
    return list(found.prefetch_related("agenda_suppliers__supplier"))


def agendas_by_value_code(
    value_code_ids: Iterable[int], user: Any
) -> dict[int, list[EngagementAgendaPage]]:
    """The visible agendas tagged with each of several value codes, in two queries however
    many value codes or agendas there are."""
    wanted = set(value_code_ids)
    if not wanted:
        return {}
    links = EngagementAgendaPage.value_codes.through.objects.filter(valuecode_id__in=wanted)
    pairs = list(links.values_list("engagementagendapage_id", "valuecode_id"))
    agendas = {
        agenda.pk: agenda
        for agenda in visible_agendas(user).filter(pk__in={page_id for page_id, _ in pairs})
    }
    found: dict[int, list[EngagementAgendaPage]] = {}
    for page_id, value_code_id in pairs:
        if page_id in agendas:
            found.setdefault(value_code_id, []).append(agendas[page_id])
    for listed in found.values():
        listed.sort(key=lambda agenda: agenda.title)
    return found
