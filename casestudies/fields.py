"""The data fields each kind of knowledge accepts, declared once on its page class.

Every knowledge page class lists its fields in ``data_fields``: the shared ones on
``KnowledgePage``, then each type's own. The bulk importer's columns, the service that
writes pages, the contribution form's type-specific fields and the text sent to the
search engine are all derived from these lists, so adding a field to a page type is
done in one place (plus the model field itself and its migration)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import KnowledgePage


class Kind(StrEnum):
    """How a value given as plain data is written to the page."""

    PLAIN = "plain"  # a line of text, stored as given
    RICH_TEXT = "rich_text"  # paragraphs of plain text, stored as rich text
    CHOICE = "choice"  # one of the model field's choices
    LIST = "list"  # several values: related objects, or tag names
    PARAGRAPHS = "paragraphs"  # paragraphs of plain text, stored as body blocks
    DATE = "date"  # a date; none means today
    FLAG = "flag"  # yes or no
    REFERENCE = "reference"  # one related object, such as a council or a document
    FIGURES = "figures"  # outcome figures, each a value and a label


@dataclass(frozen=True)
class DataField:
    """One field a kind of knowledge accepts.

    ``column`` is its name in import files (None: it cannot be imported).
    ``contributed`` says whether members can fill it in on the contribution form,
    where it is called ``label`` (by default the model field's own name)."""

    name: str
    kind: Kind
    column: str | None = ""
    contributed: bool = True
    label: str = ""

    def __post_init__(self) -> None:
        if self.column == "":
            object.__setattr__(self, "column", self.name)


def field_names(model: type[KnowledgePage]) -> list[str]:
    """Names of every data field ``model`` accepts."""
    return [spec.name for spec in model.data_fields]


def own_fields(model: type[KnowledgePage]) -> list[DataField]:
    """The fields only this kind of knowledge has (not the shared ones), in order."""
    from .models import KnowledgePage

    shared = set(field_names(KnowledgePage))
    return [spec for spec in model.data_fields if spec.name not in shared]


def contributed_fields(model: type[KnowledgePage]) -> list[DataField]:
    """The type's own fields that members fill in on the contribution form."""
    return [spec for spec in own_fields(model) if spec.contributed]


def rich_text_fields(model: type[KnowledgePage]) -> list[DataField]:
    """The written sections stored as rich text (the case study's challenge, and so on)."""
    return [spec for spec in model.data_fields if spec.kind == Kind.RICH_TEXT]
