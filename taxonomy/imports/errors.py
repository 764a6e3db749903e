"""Problems found in an import, and the error that refuses it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportIssue:
    """One problem, with where it is: the file, line and column, each when known."""

    file: str | None
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportRefused(Exception):
    """The import was refused and nothing was written; ``issues`` lists the problems.

    ``not_listed`` counts further problems that were found but not kept (see ``Issues``)."""

    def __init__(self, issues: list[ImportIssue], not_listed: int = 0) -> None:
        self.issues = issues
        self.not_listed = not_listed
        super().__init__(f"{self.count} problem(s) found; nothing was imported")

    @property
    def count(self) -> int:
        return len(self.issues) + self.not_listed

    def lines(self) -> list[str]:
        """Every listed problem as a line of text, then how many more were not listed."""
        lines = [str(issue) for issue in self.issues]
        if self.not_listed:
            lines.append(f"... and {self.not_listed} more problem(s) not listed")
        return lines


class UnreadableFile(Exception):
    """A file, or the rest of it from some line on, cannot be read at all."""

    def __init__(self, issue: ImportIssue) -> None:
        self.issue = issue
        super().__init__(str(issue))


class Issues:
    """Collects every problem found, so that one run reports them all.

    With a ``limit``, only that many are kept and the rest are counted: a file of millions
    of rows that are all wrong must not fill the memory or a page with messages."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        self.items: list[ImportIssue] = []
        self.not_listed = 0

    def add(self, file: str | None, line: int | None, column: str | None, message: str) -> None:
        self.add_issue(ImportIssue(file, line, column or None, message))

    def add_issue(self, issue: ImportIssue) -> None:
        if self.limit is None or len(self.items) < self.limit:
            self.items.append(issue)
        else:
            self.not_listed += 1

    def extend(self, other: Issues) -> None:
        for issue in other.items:
            self.add_issue(issue)
        self.not_listed += other.not_listed

    def __len__(self) -> int:
        return len(self.items) + self.not_listed

    def __bool__(self) -> bool:
        return bool(self.items) or bool(self.not_listed)

    def raise_if_any(self, error: type[ImportRefused] = ImportRefused) -> None:
        """Raise ``error`` with every problem collected, if there is any."""
        if self:
            raise error(list(self.items), self.not_listed)
