"""Reading a Local Government Transparency Code contracts register (CSV or XLSX).

Councils title their columns differently, so each field is found by any of the headings
it commonly goes by, or by a heading the importer is told (``columns``: field → heading).
Each row becomes an OCDS release with one active award, so registers and OCDS files go
through the same storing, compiling and counting."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.text import slugify

from taxonomy.imports.errors import Issues
from taxonomy.imports.lookup import normalise_header
from taxonomy.imports.readers import Table

from .releases import award_date


@dataclass(frozen=True)
class Field:
    name: str
    headings: tuple[str, ...]
    required: bool = False
    help: str = ""


FIELDS: tuple[Field, ...] = (
    Field(
        "reference",
        ("reference", "reference_number", "contract_reference", "contract_id", "ref"),
        True,
        "the council's own reference for the contract",
    ),
    Field(
        "supplier",
        ("supplier", "supplier_name", "contractor", "company_name"),
        True,
        "the supplier's name",
    ),
    Field(
        "value",
        ("value", "contract_value", "total_value", "estimated_value", "value_gbp"),
        True,
        "the contract's value in pounds",
    ),
    Field(
        "date",
        ("date", "award_date", "start_date", "contract_start_date"),
        True,
        "the award (or start) date, YYYY-MM-DD or DD/MM/YYYY",
    ),
    Field(
        "companies_house",
        (
            "companies_house",
            "companies_house_number",
            "company_number",
            "company_registration_number",
            "registration_number",
        ),
        help="the supplier's Companies House number",
    ),
    Field(
        "postcode", ("postcode", "supplier_postcode", "post_code"), help="the supplier's postcode"
    ),
    Field("sme", ("sme", "is_sme", "supplier_is_sme", "sme_status"), help="yes or no"),
    Field(
        "vcse",
        ("vcse", "is_vcse", "supplier_is_vcse", "vcse_status", "voluntary_sector"),
        help="yes or no",
    ),
    Field("cpv", ("cpv", "cpv_code", "cpv_codes"), help="a CPV code, such as 45000000"),
    Field("title", ("title", "contract_title", "description"), help="what the contract is for"),
)
FIELD_NAMES = tuple(field.name for field in FIELDS)
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def fields_help() -> str:
    parts = []
    for field in FIELDS:
        need = "required" if field.required else "optional"
        headings = ", ".join(f"'{heading}'" for heading in field.headings[:3])
        parts.append(f"{field.name} ({need}, {field.help}; found under {headings}…)")
    return "; ".join(parts)


def parse_columns(text: str) -> tuple[dict[str, str], list[str]]:
    """``field=Heading,field=Heading`` as a mapping, and any problems with it."""
    mapping, problems = {}, []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        field, _, heading = part.partition("=")
        field = normalise_header(field)
        if field not in FIELD_NAMES or not heading.strip():
            problems.append(f"'{part}' is not field=heading (fields: {', '.join(FIELD_NAMES)})")
            continue
        mapping[field] = heading.strip()
    return mapping, problems


def _positions(table: Table, columns: dict[str, str], issues: Issues) -> dict[str, int] | None:
    headings = {}
    for index, title in enumerate(table.header):
        headings.setdefault(normalise_header(title), index)
    positions, missing = {}, []
    for field in FIELDS:
        wanted = (columns[field.name],) if field.name in columns else field.headings
        found = next(
            (headings[normalise_header(h)] for h in wanted if normalise_header(h) in headings), None
        )
        if found is not None:
            positions[field.name] = found
        elif field.required or field.name in columns:
            missing.append(f"{field.name} (looked for: {', '.join(wanted)})")
    if missing:
        shown = ", ".join(t for t in table.header if t.strip()) or "none"
        issues.add(
            table.name, 1, None, f"missing column(s) {'; '.join(missing)} (columns found: {shown})"
        )
        return None
    return positions


def _date(raw: str) -> str | None:
    raw = raw.strip()
    if "/" in raw:
        parts = raw.split(" ")[0].split("/")
        if len(parts) == 3 and len(parts[2]) == 4:
            raw = f"{parts[2]}-{parts[1].zfill(2)}-{parts[0].zfill(2)}"
    found = award_date(raw)
    return found.isoformat() if found else None


def _amount(raw: str) -> Decimal | None:
    text = raw.replace("£", "").replace(",", "").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= 0 else None


def _flag(raw: str) -> bool | None:
    text = raw.strip().casefold()
    return True if text in YES else False if text in NO else None


@dataclass(frozen=True)
class RegisterRow:
    line: int
    release: dict[str, Any]


def register_releases(
    table: Table, council_slug: str, columns: dict[str, str], issues: Issues
) -> Iterator[RegisterRow]:
    """Each valid row as a release; every problem is reported by line and column."""
    positions = _positions(table, columns, issues)
    if positions is None:
        return
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        values = {
            name: (cells[index].strip() if index < len(cells) else "")
            for name, index in positions.items()
        }
        problems = []
        for field in FIELDS:
            if field.required and not values.get(field.name):
                problems.append((field.name, f"the {field.name} is missing"))
        amount = _amount(values.get("value", "")) if values.get("value") else None
        if values.get("value") and amount is None:
            problems.append(("value", f"the value '{values['value']}' is not an amount in pounds"))
        date = _date(values.get("date", "")) if values.get("date") else None
        if values.get("date") and date is None:
            problems.append(
                (
                    "date",
                    f"the date '{values['date']}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
                )
            )
        flags = {}
        for name in ("sme", "vcse"):
            if values.get(name):
                flags[name] = _flag(values[name])
                if flags[name] is None:
                    problems.append((name, f"'{values[name]}' is not yes or no"))
        reference = values.get("reference", "")
        if reference:
            first = seen.setdefault(reference, line)
            if first != line:
                problems.append(
                    ("reference", f"the reference '{reference}' is already on line {first}")
                )
        for column, message in problems:
            issues.add(table.name, line, positions_heading(table, positions, column), message)
        if problems:
            continue
        yield RegisterRow(line, _release(council_slug, values, amount, date, flags))


def positions_heading(table: Table, positions: dict[str, int], field: str) -> str:
    index = positions.get(field)
    return table.header[index] if index is not None and index < len(table.header) else field


def _release(council_slug: str, values: dict, amount: Decimal, date: str, flags: dict) -> dict:
    reference = values["reference"]
    ocid = f"register-{council_slug}-{slugify(reference) or reference}"
    party: dict[str, Any] = {"id": "supplier", "name": values["supplier"], "roles": ["supplier"]}
    if values.get("companies_house"):
        party["identifier"] = {"scheme": "GB-COH", "id": values["companies_house"]}
    if values.get("postcode"):
        party["address"] = {"postalCode": values["postcode"]}
    details: dict[str, Any] = {}
    if "sme" in flags:
        details["scale"] = "sme" if flags["sme"] else "large"
    if "vcse" in flags:
        details["vcse"] = flags["vcse"]
    if details:
        party["details"] = details
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": "register",
        "date": f"{date}T00:00:00Z",
        "tag": ["award"],
        "parties": [party],
        "awards": [
            {
                "id": "1",
                "status": "active",
                "date": f"{date}T00:00:00Z",
                "title": values.get("title", ""),
                "value": {"amount": float(amount), "currency": "GBP"},
                "suppliers": [{"id": "supplier", "name": values["supplier"]}],
            }
        ],
    }
    if values.get("cpv"):
        release["tender"] = {
            "id": reference,
            "title": values.get("title", ""),
            "items": [{"id": "1", "classification": {"scheme": "CPV", "id": values["cpv"]}}],
        }
    return release
