"""Bulk import of knowledge from CSV or JSON Lines.

The import is all or nothing: every row is validated first, every problem is
reported with its line number and column, and nothing is written unless the
whole file is valid. Rows are matched to existing pages by their ``id`` column,
so importing the same file twice updates pages instead of duplicating them."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from taxonomy.imports.errors import ImportRefused, Issues, UnreadableFile
from taxonomy.imports.lookup import Lookup
from taxonomy.imports.readers import Record, read_records
from taxonomy.imports.result import ImportResult
from taxonomy.models import Council, ValueCode
from workstreams.models import Workstream

from .models import KNOWLEDGE_TYPES, KnowledgePage, Visibility
from .services import KnowledgeData, save_knowledge

# Which row it is and what kind of knowledge; every other column is a declared data field.
ID_COLUMNS = {"id", "type"}


def known_columns() -> set[str]:
    """Every column an import file may have, from the page types' ``data_fields``."""
    return ID_COLUMNS | {
        spec.column
        for model in KNOWLEDGE_TYPES.values()
        for spec in model.data_fields
        if spec.column
    }


def extra_columns() -> dict[str, tuple[str, list[type[KnowledgePage]]]]:
    """Columns checked against their model field and passed on in ``KnowledgeData.extra``.

    They are the declared fields without an attribute of their own on ``KnowledgeData``
    (the type-specific fields, and a few shared ones). Each maps to its field's name and
    the kinds of knowledge that have it."""
    attributes = {attribute.name for attribute in dataclasses.fields(KnowledgeData)}
    columns: dict[str, tuple[str, list[type[KnowledgePage]]]] = {}
    for model in KNOWLEDGE_TYPES.values():
        for spec in model.data_fields:
            if spec.column and spec.name not in attributes:
                columns.setdefault(spec.column, (spec.name, []))[1].append(model)
    return columns


SUMMARY_LENGTH = 300


class KnowledgeImportError(ImportRefused):
    """The file is invalid; ``issues`` lists every problem found."""


def read_rows(path: Path | str) -> Iterator[Record]:
    """The rows of a CSV or JSON Lines file (chosen by its extension), with their lines."""
    return read_records(path)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _as_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _as_text(value).lower()
    if text in {"", "0", "false", "no", "n"}:
        return False
    if text in {"1", "true", "yes", "y"}:
        return True
    return None


def _parse_figures(value: Any) -> tuple[list[dict[str, str]], str]:
    """Outcome figures: a JSON list of {value, label}, or CSV text "42%: label; 3: label"."""
    if value in (None, "", []):
        return [], ""
    figures = []
    if isinstance(value, list):
        for item in value:
            if not isinstance(item, dict) or not item.get("value") or not item.get("label"):
                return [], "each outcome figure needs a value and a label"
            figures.append({"value": str(item["value"])[:30], "label": str(item["label"])[:150]})
        return figures, ""
    for part in _as_list(value):
        number, sep, label = part.partition(":")
        if not sep or not number.strip() or not label.strip():
            return [], f"write outcome figures as 'value: label', not {part!r}"
        figures.append({"value": number.strip()[:30], "label": label.strip()[:150]})
    return figures, ""


class KnowledgeImporter:
    """Validates rows into ``KnowledgeData`` and writes them in one transaction."""

    def __init__(self) -> None:
        self.councils = Lookup("council", Council.objects.all())
        self.value_codes = Lookup("value code", ValueCode.objects.select_related("pillar"))
        self.workstreams = Lookup("workstream", Workstream.objects.all())
        imported = KnowledgePage.objects.filter(external_id__isnull=False)
        self.existing_types: dict[str, str] = dict(
            imported.values_list("external_id", "content_type__model")
        )

    def validate(self, rows: Iterable[Record]) -> list[KnowledgeData]:
        """Every row as ``KnowledgeData``, or ``KnowledgeImportError`` listing every problem."""
        issues = Issues()
        items: list[KnowledgeData] = []
        seen_ids: dict[str, int] = {}
        any_rows = False
        try:
            for record in rows:
                any_rows = True
                row_issues = Issues()
                item = self._validate_row(record, row_issues, seen_ids)
                issues.extend(row_issues)
                if item is not None and not row_issues:
                    items.append(item)
        except UnreadableFile as error:
            issues.add_issue(error.issue)
        else:
            if not any_rows:
                issues.add(None, None, None, "the file has no rows to import")
        issues.raise_if_any(KnowledgeImportError)
        return items

    def _validate_row(
        self, record: Record, errors: Issues, seen_ids: dict[str, int]
    ) -> KnowledgeData | None:
        line, row = record.line, record.values

        def err(column: str, message: str) -> None:
            errors.add(None, line, column, message)

        if record.problem:
            err("", record.problem)
            return None
        for column in sorted(set(row) - known_columns()):
            err(column, "unknown column")

        external_id = _as_text(row.get("id"))
        if not external_id:
            err("id", "is required, so that re-importing updates instead of duplicating")
        elif len(external_id) > 100:
            err("id", "must be at most 100 characters")
        elif external_id in seen_ids:
            err("id", f"{external_id!r} is already used on line {seen_ids[external_id]}")
        else:
            seen_ids[external_id] = line

        knowledge_type = _as_text(row.get("type")).lower()
        model = KNOWLEDGE_TYPES.get(knowledge_type)
        if model is None:
            err("type", f"must be one of {', '.join(KNOWLEDGE_TYPES)}, not {knowledge_type!r}")
        elif external_id and external_id in self.existing_types:
            existing = self.existing_types[external_id]
            if existing != model._meta.model_name:
                err("type", f"id {external_id!r} was imported before as another type ({existing})")

        title = _as_text(row.get("title"))
        if not title:
            err("title", "is required")
        elif len(title) > 255:
            err("title", "must be at most 255 characters")

        body = str(row.get("body") or "").strip()
        summary = _as_text(row.get("summary"))
        if not summary:
            summary = " ".join(body.split())[:SUMMARY_LENGTH]
        if not summary:
            err("summary", "give a summary or a body")
        elif len(summary) > 500:
            err("summary", "must be at most 500 characters")

        council = None
        if _as_text(row.get("council")):
            council = self.councils.find(_as_text(row.get("council")))
            if council is None:
                err("council", self.councils.unknown(_as_text(row.get("council"))))

        value_codes = self._many(row.get("value_codes"), self.value_codes, "value_codes", err)
        workstreams = self._many(row.get("workstreams"), self.workstreams, "workstreams", err)
        tags = [t[:100] for t in _as_list(row.get("tags"))]

        date = None
        if _as_text(row.get("date")):
            try:
                date = datetime.date.fromisoformat(_as_text(row.get("date")))
            except ValueError:
                err("date", f"{_as_text(row.get('date'))!r} is not a date in the form YYYY-MM-DD")

        maturity_level = None
        raw_level = _as_text(row.get("maturity_level"))
        if raw_level and raw_level.lower() not in {"null", "none"}:
            try:
                maturity_level = int(raw_level)
            except ValueError:
                maturity_level = 0
            if not 1 <= maturity_level <= 5:
                err("maturity_level", f"must be a whole number from 1 to 5, not {raw_level!r}")

        visibility = _as_text(row.get("visibility")).lower() or Visibility.PUBLIC
        if visibility not in Visibility.values:
            err("visibility", f"must be 'public' or 'members', not {visibility!r}")

        featured = _as_bool(row.get("featured"))
        if featured is None:
            err("featured", "must be true or false")

        figures, problem = _parse_figures(row.get("outcome_figures"))
        if problem:
            err("outcome_figures", problem)

        extra = self._extras(row, model, err)
        if errors:
            return None
        return KnowledgeData(
            type=knowledge_type,
            title=title,
            summary=summary,
            body=body,
            council=council,
            value_codes=value_codes,
            workstreams=workstreams,
            tags=tags,
            date=date,
            maturity_level=maturity_level,
            visibility=visibility,
            featured=bool(featured),
            external_id=external_id,
            outcome_figures=figures,
            extra=extra,
        )

    @staticmethod
    def _many(raw: Any, lookup: Lookup, column: str, err) -> list[Any]:
        found = []
        for name in _as_list(raw):
            obj = lookup.find(name)
            if obj is None:
                err(column, lookup.unknown(name))
            elif obj not in found:
                found.append(obj)
        return found

    @staticmethod
    def _extras(row: dict[str, Any], model: type[KnowledgePage] | None, err) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        for column, (target, models) in sorted(extra_columns().items()):
            value = _as_text(row.get(column))
            if not value:
                continue
            if model is not None and model not in models:
                kinds = " and ".join(str(m._meta.verbose_name_plural) for m in models)
                err(column, f"only applies to {kinds}")
                continue
            if model is not None:
                field = model._meta.get_field(target)
                choices = [str(c[0]) for c in field.choices or []]
                if choices and value not in choices:
                    err(column, f"must be one of {', '.join(choices)}, not {value!r}")
                    continue
                if column == "url" and not value.startswith(("https://", "http://")):
                    err(column, "must be a web address starting with https://")
                    continue
                if column == "contact_email":
                    try:
                        validate_email(value)
                    except ValidationError:
                        err(column, f"{value!r} is not an email address")
                        continue
                if field.max_length and len(value) > field.max_length:
                    err(column, f"must be at most {field.max_length} characters")
                    continue
            extra[target] = value
        return extra

    @transaction.atomic
    def save(self, items: list[KnowledgeData]) -> ImportResult:
        created = updated = 0
        for item in items:
            if item.external_id in self.existing_types:
                updated += 1
            else:
                created += 1
            save_knowledge(item, publish=True)
        return ImportResult(created=created, updated=updated)


def import_knowledge_file(path: Path | str) -> ImportResult:
    """Validate and import a whole file, or raise KnowledgeImportError and write nothing."""
    importer = KnowledgeImporter()
    items = importer.validate(read_rows(path))
    return importer.save(items)
