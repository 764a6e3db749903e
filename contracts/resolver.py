"""Resolving the supplier names of many contracts at once, for imports.

An import meets tens of thousands of (name, number) pairs. They are resolved a batch at a
time (``Resolver.prepare``) with a handful of queries: the names already known are read
together, the suppliers and names that are new are written in bulk (COPY on PostgreSQL),
and only names that a new number moves go through ``refresh_names`` one by one. The rule
itself is
``contracts.suppliers``' (``identity_of``), the same one editors' decisions use."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from .inserts import insert_rows
from .models import Supplier, SupplierName
from .suppliers import company_number, identity_of, name_key, refresh_names, unique_slugs

# Names remembered between batches; past this many the memory is cleared, so an import's
# memory does not grow with the file however many suppliers it names.
REMEMBERED = 50_000

Pair = tuple[str, str]


def pair_of(name: str, raw_number: object) -> Pair | None:
    """A name as compared and its Companies House number; None when there is neither."""
    key, number = name_key(name), company_number(raw_number)
    if not key and not number:
        return None
    return (key or f"company-{number.lower()}", number)


class Resolver:
    """Resolves (name, number) pairs to ``SupplierName`` rows during one import.

    The supplier a contract counts for is read from its name afterwards
    (``suppliers_of_names``), since a number found later in the import may move a name."""

    def __init__(self) -> None:
        self._found: dict[Pair, int] = {}
        self.new_suppliers: set[int] = set()

    def prepare(self, pairs: Iterable[tuple[str, object]]) -> None:
        """Resolve a batch of (name, raw number) pairs, creating what is new."""
        self.prepare_pairs((name, pair_of(name, raw_number)) for name, raw_number in pairs)

    def prepare_pairs(self, named: Iterable[tuple[str, Pair | None]]) -> None:
        """``prepare`` for names whose pairs were made already (``pair_of``, in a worker
        process say)."""
        wanted: dict[Pair, str] = {}
        for name, pair in named:
            if pair is not None and pair not in self._found and pair not in wanted:
                wanted[pair] = str(name).strip() or pair[1]
        if not wanted:
            return
        if len(self._found) + len(wanted) > REMEMBERED:
            self._found.clear()
        keys = {key for key, _ in wanted}
        numbered: dict[str, str] = {}
        for pk, key, number in SupplierName.objects.filter(key__any_of=keys).values_list(
            "pk", "key", "companies_house"
        ):
            if (key, number) in wanted:
                self._found[(key, number)] = pk
                del wanted[(key, number)]
            if number and (key not in numbered or number < numbered[key]):
                numbered[key] = number
        if wanted:
            self._create(wanted, numbered)

    def _create(self, wanted: dict[Pair, str], numbered: dict[str, str]) -> None:
        newly_numbered = set()
        for key, number in wanted:
            if number and (key not in numbered or number < numbered[key]):
                numbered[key] = number
                newly_numbered.add(key)
        identities = {pair: identity_of(*pair, False, numbered) for pair in wanted}
        # A numbered supplier is named as it is published with its number.
        named: dict[str, tuple[str, str]] = {}
        for pair, (supplier_key, number) in identities.items():
            if supplier_key not in named or pair[1] == number:
                named[supplier_key] = (wanted[pair], number)
        suppliers = self._suppliers(named)
        insert_rows(
            SupplierName,
            ("key", "companies_house", "name", "supplier_id", "kept_apart"),
            (
                (key, number, name[:300], suppliers[identities[(key, number)][0]], False)
                for (key, number), name in wanted.items()
            ),
        )
        for pk, key, number in SupplierName.objects.filter(
            key__any_of={key for key, _ in wanted}
        ).values_list("pk", "key", "companies_house"):
            self._found[(key, number)] = pk
        if newly_numbered:
            self._move_unnumbered(newly_numbered, numbered)

    def _suppliers(self, named: dict[str, tuple[str, str]]) -> dict[str, int]:
        found = dict(Supplier.objects.filter(key__any_of=set(named)).values_list("key", "pk"))
        missing = [key for key in named if key not in found]
        if missing:
            slugs = unique_slugs([named[key][0] for key in missing])
            now = timezone.now()
            insert_rows(
                Supplier,
                ("key", "name", "slug", "companies_house", "created_at"),
                (
                    (key, named[key][0][:300], slug, named[key][1], now)
                    for key, slug in zip(missing, slugs, strict=True)
                ),
            )
            created = dict(
                Supplier.objects.filter(key__any_of=set(missing)).values_list("key", "pk")
            )
            self.new_suppliers.update(created.values())
            found.update(created)
        return found

    @staticmethod
    def _move_unnumbered(keys: set[str], numbered: dict[str, str]) -> None:
        """Names published without a number before a number was known for them move, with
        their contracts, to the numbered supplier (so the order of releases does not
        matter). Names an editor split off stay."""
        targets = dict(
            Supplier.objects.filter(
                key__any_of={f"coh:{numbered[key]}" for key in keys}
            ).values_list("key", "pk")
        )
        stale = [
            alias
            for alias in SupplierName.objects.filter(
                key__any_of=keys, companies_house="", kept_apart=False
            )
            if alias.supplier_id != targets.get(f"coh:{numbered[alias.key]}")
        ]
        if stale:
            refresh_names(stale)

    def name_of(self, name: str, raw_number: object) -> int | None:
        """The ``SupplierName`` of a pair (resolving it now if ``prepare`` did not)."""
        return self.name_of_pair(name, pair_of(name, raw_number))

    def name_of_pair(self, name: str, pair: Pair | None) -> int | None:
        if pair is None:
            return None
        if pair not in self._found:
            self.prepare_pairs([(name, pair)])
        return self._found[pair]
