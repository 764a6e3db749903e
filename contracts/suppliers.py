"""One supplier across councils, from the names and numbers it is published under.

The rule (each part held by a test):
- a Companies House number identifies a supplier: every name published with the number is
  that supplier (a trading name is linked by its number), and two different numbers are
  never one supplier, however alike their names;
- a name published without a number is the supplier that name is published with a number
  under (the lowest number, should several companies share it), otherwise a supplier of its
  own; names are compared with legal suffixes removed (``cleanco``) and case, spacing and
  punctuation folded;
- near matches (``rapidfuzz``) are only proposed to editors (``MergeProposal``);
- editors' merges (``Supplier.merged_into``) and splits (``SupplierName.kept_apart``) are
  rows that imports never change, so they survive any re-import.

Because a name without a number is resolved by what is known when it is looked at, each new
numbered name moves the contracts of the same name without a number onto the numbered
supplier: the result is the same whatever order the releases are read in."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from django.db import transaction
from django.db.models import Count, Q
from django.utils.text import slugify

import numpy
from rapidfuzz import fuzz, process

from taxonomy.imports.lookup import normalise

from .basenames import basename
from .figures import data_changed
from .models import Contract, MergeProposal, Supplier, SupplierName
from .register import refresh_register

COMPANIES_HOUSE_SCHEME = "GB-COH"
PROPOSAL_CUTOFF = 88.0
# Suppliers compared at once with a block's names: bounds the memory of the score matrix.
PROPOSAL_SLICE = 256
COMPANY_NUMBER = re.compile(r"^([A-Z]{2})?(\d{1,8})$")


@lru_cache(maxsize=65_536)
def name_key(name: str) -> str:
    """A supplier's name as compared: "ACME Facilities Ltd." → "acme-facilities"."""
    text = " ".join(str(name or "").split())
    stripped = basename(basename(text)).strip(" .,(") or text
    return normalise(stripped)[:300]


def company_number(raw: object) -> str:
    """A Companies House number as registered: eight characters, digits padded with zeros
    ("1234567" → "01234567", "sc12345" → "SC012345"); "" when it is not one."""
    text = "".join(str(raw or "").split()).upper()
    if text.startswith("GB-COH-"):
        text = text[len("GB-COH-") :]
    match = COMPANY_NUMBER.match(text)
    if not match:
        return ""
    prefix, digits = match.group(1) or "", match.group(2)
    return prefix + digits.zfill(8 - len(prefix))


def unique_slugs(names: list[str]) -> list[str]:
    """A slug for each of these new suppliers, unique among suppliers and among themselves
    ("acme-ltd", then "acme-ltd-2"...): one query per round of clashes."""
    bases = [(slugify(name)[:100] or "supplier").strip("-") or "supplier" for name in names]
    chosen: list[str] = list(bases)
    numbers = [1] * len(names)
    used: set[str] = set()
    pending = list(range(len(names)))
    while pending:
        taken = set(
            Supplier.objects.filter(slug__in={chosen[i] for i in pending}).values_list(
                "slug", flat=True
            )
        )
        clashes = []
        for i in pending:
            if chosen[i] in taken or chosen[i] in used:
                numbers[i] += 1
                chosen[i] = f"{bases[i]}-{numbers[i]}"
                clashes.append(i)
            else:
                used.add(chosen[i])
        pending = clashes
    return chosen


def _supplier_for_key(key: str, name: str, number: str) -> Supplier:
    supplier = Supplier.objects.filter(key=key).first()
    if supplier is None:
        supplier = Supplier.objects.create(
            key=key, name=name[:300], slug=unique_slugs([name])[0], companies_house=number
        )
    return supplier


def lowest_numbers(keys: Iterable[str]) -> dict[str, str]:
    """The lowest Companies House number each of these name keys is published with."""
    found: dict[str, str] = {}
    for key, number in (
        SupplierName.objects.filter(key__any_of=set(keys))
        .exclude(companies_house="")
        .values_list("key", "companies_house")
    ):
        if key not in found or number < found[key]:
            found[key] = number
    return found


def identity_of(
    key: str, number: str, kept_apart: bool, numbered: dict[str, str]
) -> tuple[str, str]:
    """The supplier key a name resolves to, and the number that goes with it, given the
    lowest number each name key is published with (``numbered``)."""
    if number:
        return f"coh:{number}", number
    if not kept_apart and numbered.get(key):
        return f"coh:{numbered[key]}", numbered[key]
    return f"name:{key}", ""


def _identity(key: str, number: str, kept_apart: bool) -> tuple[str, str]:
    numbered = lowest_numbers([key]) if not (number or kept_apart) else {}
    return identity_of(key, number, kept_apart, numbered)


def root_of(supplier_id: int) -> int:
    """The supplier an editor's merges lead to (itself when it was never merged)."""
    seen = set()
    current = supplier_id
    while current not in seen:
        seen.add(current)
        target = Supplier.objects.filter(pk=current).values_list("merged_into", flat=True).first()
        if target is None:
            return current
        current = target
    return current


def suppliers_of_names(name_ids: Iterable[int]) -> dict[int, int]:
    """The supplier (after editors' merges) each name resolves to now: contracts built
    earlier in an import are pointed there before they are written, in case a number found
    since moved their name."""
    pairs = dict(
        SupplierName.objects.filter(pk__any_of=set(name_ids)).values_list("pk", "supplier_id")
    )
    merged = dict(
        Supplier.objects.filter(pk__any_of=set(pairs.values()))
        .exclude(merged_into=None)
        .values_list("pk", "merged_into")
    )
    return {
        name_id: (root_of(supplier_id) if supplier_id in merged else supplier_id)
        for name_id, supplier_id in pairs.items()
    }


def refresh_names(names: Iterable[SupplierName]) -> int:
    """Resolve names again (after a new number, a split or a merge): point each at the
    supplier it now resolves to, move its contracts, and remove suppliers left with no name.
    Returns how many names moved. The register's rows of every supplier that lost or
    gained contracts are summed again."""
    moved = 0
    touched: set[int] = set()
    for alias in names:
        supplier_key, number = _identity(alias.key, alias.companies_house, alias.kept_apart)
        supplier = _supplier_for_key(supplier_key, alias.name, number)
        old = alias.supplier_id
        if old != supplier.pk:
            alias.supplier = supplier
            alias.save(update_fields=["supplier"])
            moved += 1
        contracts = Contract.objects.filter(supplier_name=alias)
        touched.update(contracts.values_list("supplier_id", flat=True).distinct())
        root = root_of(supplier.pk)
        if contracts.update(supplier_id=root):
            touched.add(root)
        if old != supplier.pk:
            _remove_if_empty(old, supplier)
    # A supplier removed since has no row left to sum (its rows went with it).
    refresh_register(touched - {None})
    return moved


def _remove_if_empty(supplier_id: int, successor: Supplier) -> None:
    supplier = Supplier.objects.filter(pk=supplier_id).first()
    if supplier is None or supplier.names.exists():
        return
    # Editors' merges into it, and agendas naming it, pass to the supplier its names went to.
    Supplier.objects.filter(merged_into=supplier).update(merged_into=successor)
    for link in supplier.agenda_links.all():
        if not link.page.agenda_suppliers.filter(supplier=successor).exists():
            link.supplier = successor
            link.save(update_fields=["supplier"])
    supplier.delete()


def _names_under(supplier: Supplier) -> list[SupplierName]:
    """The names of a supplier and of every supplier merged into it."""
    ids, frontier = {supplier.pk}, [supplier.pk]
    while frontier:
        children = list(
            Supplier.objects.filter(merged_into__in=frontier).values_list("pk", flat=True)
        )
        frontier = [pk for pk in children if pk not in ids]
        ids.update(frontier)
    return list(SupplierName.objects.filter(supplier__in=ids))


class MergeRefused(ValueError):
    """An editor's merge that the rules do not allow."""


@transaction.atomic
def merge_suppliers(supplier: Supplier, into: Supplier) -> None:
    """An editor's decision: ``supplier`` is the same as ``into``."""
    if supplier.pk == into.pk or root_of(into.pk) == supplier.pk:
        raise MergeRefused("A supplier cannot be merged into itself.")
    numbers = {supplier.companies_house, into.companies_house} - {""}
    if len(numbers) > 1:
        raise MergeRefused(
            "These suppliers have different Companies House numbers, so they are different "
            "companies and cannot be merged."
        )
    _decide(supplier, into, into, MergeProposal.Status.MERGED)


@transaction.atomic
def undo_merge(supplier: Supplier) -> None:
    """An editor's decision: ``supplier`` is not the one it was merged into after all."""
    _decide(supplier, None, supplier.merged_into, MergeProposal.Status.REJECTED)


def _decide(
    supplier: Supplier, into: Supplier | None, other: Supplier | None, proposals: str
) -> None:
    """Record that ``supplier`` is now part of ``into`` (or of nothing), close the proposal
    to merge it with ``other`` as ``proposals``, and bring the figures up to date."""
    supplier.merged_into = into
    supplier.save(update_fields=["merged_into"])
    MergeProposal.objects.filter(
        Q(supplier=supplier, other=other) | Q(supplier=other, other=supplier)
    ).update(status=proposals)
    refresh_names(_names_under(supplier))
    data_changed()


@transaction.atomic
def split_name(alias: SupplierName) -> Supplier:
    """An editor's decision: a name published without a number is a supplier of its own,
    not the numbered supplier it was matched to. Names with a number cannot be split off:
    the number says which company they are."""
    if alias.companies_house:
        raise MergeRefused(
            "A name published with a Companies House number belongs to that company."
        )
    alias.kept_apart = True
    alias.save(update_fields=["kept_apart"])
    refresh_names([alias])
    data_changed()
    alias.refresh_from_db()
    return alias.supplier


@transaction.atomic
def rejoin_name(alias: SupplierName) -> None:
    """Undo ``split_name``: the name is matched again by the usual rule."""
    alias.kept_apart = False
    alias.save(update_fields=["kept_apart"])
    refresh_names([alias])
    data_changed()


def propose_merges(supplier_ids: Iterable[int], cutoff: float = PROPOSAL_CUTOFF) -> int:
    """Propose merging each of these suppliers with any other whose name is alike.

    Names are compared within the same first character (a blocking step that keeps this
    quick with a national list of suppliers), each block's names prepared once and compared
    a slice of suppliers at a time (``rapidfuzz.process.cdist``); each supplier is proposed
    with its five closest names at most. Two suppliers with different numbers, or a
    supplier already merged, are never proposed, so a supplier with a number is compared
    only with those without one (and any sharing its number), never with the thousands of
    numbered ones it could not be proposed with. Returns how many proposals were made."""
    wanted = set(supplier_ids)
    if not wanted:
        return 0
    blocks: dict[str, dict[int, tuple[str, str]]] = {}
    for pk, name, number in Supplier.objects.filter(merged_into=None).values_list(
        "pk", "name", "companies_house"
    ):
        key = name_key(name)
        blocks.setdefault(key[:1], {})[pk] = (key, number)
    found: dict[tuple[int, int], float] = {}
    for block in blocks.values():
        asked = [pk for pk in block if pk in wanted]
        numbers = Counter(number for _, number in block.values() if number)
        # Every name for those without a number; for the others, those they may join.
        joinable = [pk for pk, (_, number) in block.items() if numbers[number] != 1]
        _closest([pk for pk in asked if not block[pk][1]], list(block), block, cutoff, found)
        _closest([pk for pk in asked if block[pk][1]], joinable, block, cutoff, found)
    if not found:
        return 0
    firsts = {first for first, _ in found}
    known = set(
        MergeProposal.objects.filter(supplier__in=firsts).values_list("supplier_id", "other_id")
    )
    new = [
        MergeProposal(supplier_id=first, other_id=second, score=score)
        for (first, second), score in found.items()
        if (first, second) not in known
    ]
    MergeProposal.objects.bulk_create(new, batch_size=1000)
    return len(new)


def _closest(
    asked: list[int],
    pks: list[int],
    block: dict[int, tuple[str, str]],
    cutoff: float,
    found: dict[tuple[int, int], float],
) -> None:
    """Add to ``found`` each asked supplier's closest names among ``pks`` (of one block)."""
    if not asked or not pks:
        return
    choices = [block[pk][0] for pk in pks]
    for start in range(0, len(asked), PROPOSAL_SLICE):
        part = asked[start : start + PROPOSAL_SLICE]
        scores = process.cdist(
            [block[pk][0] for pk in part],
            choices,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=cutoff,
            workers=-1,
        )
        for pk, row in zip(part, scores, strict=True):
            hits = numpy.flatnonzero(row >= cutoff)
            for index in hits[numpy.argsort(-row[hits], kind="stable")][:6]:
                other = pks[index]
                number, other_number = block[pk][1], block[other][1]
                if other == pk or (number and other_number and number != other_number):
                    continue
                found.setdefault(tuple(sorted((pk, other))), round(float(row[index]), 1))


def open_proposals():
    """Proposals waiting for an editor, both suppliers still standing on their own."""
    return (
        MergeProposal.objects.filter(
            status=MergeProposal.Status.OPEN,
            supplier__merged_into=None,
            other__merged_into=None,
        )
        .select_related("supplier", "other")
        .annotate(contracts=Count("supplier__contracts"))
    )
