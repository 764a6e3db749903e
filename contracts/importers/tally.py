"""What one import found and did, for its result and its notes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Tally:
    read: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    records: int = 0
    contracts: int = 0
    other_currency: int = 0
    no_date: int = 0
    not_counted: int = 0
    no_buyer: int = 0
    currencies: dict[str, int] = field(default_factory=dict)

    def add(self, other: Tally, sign: int = 1) -> None:
        """Add what a compile counted apart (in a worker process, say); with ``sign`` -1,
        take off what an earlier compile of a process counted (it is compiled again)."""
        # Called once for every process compiled: each count written out, no loop.
        self.records += sign * other.records
        self.contracts += sign * other.contracts
        self.other_currency += sign * other.other_currency
        self.no_date += sign * other.no_date
        self.not_counted += sign * other.not_counted
        self.no_buyer += sign * other.no_buyer
        for currency, count in other.currencies.items():
            self.currencies[currency] = self.currencies.get(currency, 0) + sign * count
            if not self.currencies[currency]:
                del self.currencies[currency]
