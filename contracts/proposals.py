"""Engagement agendas that contributors propose from the public site.

A proposal is written as a draft page under the agendas' index by the one page writer
(``casestudies.services.write_page``), so it stays unpublished until an editor approves
it in the admin. Its suppliers are named as the contract data names them: by Companies
House number or by name, compared as the register compares names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from casestudies.services import rich_text_from_text, write_page
from taxonomy.models import Council, ValueCode

from .models import AgendaSupplier, EngagementAgendaIndexPage, EngagementAgendaPage, Supplier
from .suppliers import company_number, name_key


class UnknownSuppliers(ValueError):
    """Names that match no supplier in the contract data."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(", ".join(names))


def _standing(supplier: Supplier) -> Supplier:
    """The supplier an editor merged this one into, if any."""
    seen = {supplier.pk}
    while supplier.merged_into_id and supplier.merged_into_id not in seen:
        seen.add(supplier.merged_into_id)
        supplier = Supplier.objects.get(pk=supplier.merged_into_id)
    return supplier


def find_suppliers(lines: list[str]) -> list[Supplier]:
    """The suppliers named, one a line, in the order given and each once.

    A line is a Companies House number or a name as published (legal endings, case and
    punctuation aside). Every line that matches no supplier is reported at once."""
    found: dict[int, Supplier] = {}
    unknown = []
    for line in (text.strip() for text in lines):
        if not line:
            continue
        number = company_number(line)
        supplier = None
        if number:
            supplier = Supplier.objects.filter(companies_house=number).first()
        if supplier is None:
            supplier = (
                Supplier.objects.filter(names__key=name_key(line))
                .order_by("companies_house", "pk")
                .first()
            )
        if supplier is None:
            unknown.append(line)
        else:
            supplier = _standing(supplier)
            found.setdefault(supplier.pk, supplier)
    if unknown:
        raise UnknownSuppliers(unknown)
    return list(found.values())


@dataclass
class AgendaProposal:
    title: str
    summary: str
    issues: str
    suppliers: list[Supplier]
    value_codes: list[ValueCode] = field(default_factory=list)
    councils: list[Council] = field(default_factory=list)
    asks: str = ""

    def apply(self, page: EngagementAgendaPage) -> None:
        """Write the proposal on a new agenda, or on a new revision of one; an agenda an
        editor has already moved on (in progress, concluded) keeps its status and outcomes."""
        page.title = self.title
        page.summary = self.summary
        page.issues = rich_text_from_text(self.issues)
        page.asks = rich_text_from_text(self.asks)
        if page.pk is None:
            page.status = EngagementAgendaPage.Status.PROPOSED
        page.agenda_suppliers = [AgendaSupplier(supplier=s) for s in self.suppliers]
        page.value_codes = list(self.value_codes)
        page.councils = list(self.councils)


def save_proposal(
    proposal: AgendaProposal, user: Any, page: EngagementAgendaPage | None = None
) -> EngagementAgendaPage:
    """Write the proposal as a new draft agenda, owned by the person proposing it, or as a
    new draft revision of ``page`` (its published version stays until an editor approves)."""
    return write_page(
        EngagementAgendaPage,
        proposal.apply,
        parent=EngagementAgendaIndexPage.objects.get() if page is None else None,
        page=page,
        publish=False,
        user=user,
        slug_fallback="agenda",
    )


def supplier_lines(page: EngagementAgendaPage) -> str:
    """An agenda's suppliers as the proposal form names them, one a line."""
    return "\n".join(link.supplier.name for link in page.agenda_suppliers.all())
