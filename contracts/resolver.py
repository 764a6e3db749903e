"""Resolving the supplier names of many contracts at once, for imports.

An import meets tens of thousands of (name, number) pairs. They are resolved a batch at a
time (``Resolver.prepare``) with a handful of queries: the names already known are read
together, the suppliers and names that are new are created with ``bulk_create``, and only
names that a new number moves go through ``refresh_names`` one by one. The rule itself is
``contracts.suppliers``' (``identity_of``), the same one editors' decisions use."""

from __future__ import annotations

from collections.abc import Iterable

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
        wanted: dict[Pair, str] = {}
        for name, raw_number in pairs:
            pair = pair_of(name, raw_number)
            if pair is not None and pair not in self._found and pair not in wanted:
                wanted[pair] = str(name).strip() or pair[1]
        if not wanted:
            return
        if len(self._found) + len(wanted) > REMEMBERED:
            self._found.clear()
        keys = {key for key, _ in wanted}
        numbered: dict[str, str] = {}
        for pk, key, number in SupplierName.objects.filter(key__in=keys).values_list(
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
        rows = [
            SupplierName(
                key=key,
                companies_house=number,
                name=name[:300],
                supplier_id=suppliers[identities[(key, number)][0]],
            )
            for (key, number), name in wanted.items()
        ]
        SupplierName.objects.bulk_create(rows)
        if any(row.pk is None for row in rows):
            rows = list(
                SupplierName.objects.filter(key__in={key for key, _ in wanted}).only(
                    "pk", "key", "companies_house"
                )
            )
        for row in rows:
            self._found[(row.key, row.companies_house)] = row.pk
        if newly_numbered:
            self._move_unnumbered(newly_numbered, numbered)

    def _suppliers(self, named: dict[str, tuple[str, str]]) -> dict[str, int]:
        found = dict(Supplier.objects.filter(key__in=set(named)).values_list("key", "pk"))
        missing = [key for key in named if key not in found]
        if missing:
            slugs = unique_slugs([named[key][0] for key in missing])
            Supplier.objects.bulk_create(
                Supplier(
                    key=key, name=named[key][0][:300], slug=slug, companies_house=named[key][1]
                )
                for key, slug in zip(missing, slugs, strict=True)
            )
            created = dict(Supplier.objects.filter(key__in=missing).values_list("key", "pk"))
            self.new_suppliers.update(created.values())
            found.update(created)
        return found

    @staticmethod
    def _move_unnumbered(keys: set[str], numbered: dict[str, str]) -> None:
        """Names published without a number before a number was known for them move, with
        their contracts, to the numbered supplier (so the order of releases does not
        matter). Names an editor split off stay."""
        targets = dict(
            Supplier.objects.filter(key__in={f"coh:{numbered[key]}" for key in keys}).values_list(
                "key", "pk"
            )
        )
        stale = [
            alias
            for alias in SupplierName.objects.filter(
                key__in=keys, companies_house="", kept_apart=False
            )
            if alias.supplier_id != targets.get(f"coh:{numbered[alias.key]}")
        ]
        if stale:
            refresh_names(stale)

    def name_of(self, name: str, raw_number: object) -> int | None:
        """The ``SupplierName`` of a pair (resolving it now if ``prepare`` did not)."""
        pair = pair_of(name, raw_number)
        if pair is None:
            return None
        if pair not in self._found:
            self.prepare([(name, raw_number)])
        return self._found[pair]
