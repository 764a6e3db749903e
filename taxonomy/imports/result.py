"""What an import wrote."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportResult:
    """How many things an import created and updated, and how many rows of each kind it wrote.

    Importers that write into one container (a diagnostic round) subclass it to add that."""

    created: int = 0
    updated: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.created + self.updated
