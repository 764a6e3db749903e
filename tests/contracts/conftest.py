"""Helpers for the contracts tests: OCDS packages and registers written to real files, and
engagement agendas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group

import pytest

from contracts.models import AgendaSupplier, EngagementAgendaPage
from contracts.reference import ensure_agenda_index
from members.roles import EDITORS, ensure_roles
from taxonomy.models import Council, ValueCode
from tests.accounts import create_account, sign_in


def party(pid: str, name: str, number: str | None = None, **extra: Any) -> dict:
    found: dict[str, Any] = {"id": pid, "name": name, "roles": ["supplier"]}
    if number:
        found["identifier"] = {"scheme": "GB-COH", "id": number}
    scale, vcse, postcode = extra.get("scale"), extra.get("vcse"), extra.get("postcode")
    details = {}
    if scale:
        details["scale"] = scale
    if vcse is not None:
        details["vcse"] = vcse
    if details:
        found["details"] = details
    if postcode:
        found["address"] = {"postalCode": postcode}
    return found


def release(
    ocid: str,
    rid: str,
    date: str,
    *,
    buyer: str | None = "Luton Borough Council",
    awards: list[dict] | None = None,
    parties: list[dict] | None = None,
    **extra: Any,
) -> dict:
    found: dict[str, Any] = {"ocid": ocid, "id": rid, "date": date, "tag": ["award"]}
    if buyer:
        found["buyer"] = {"id": "buyer", "name": buyer}
    found["parties"] = list(parties or [])
    if buyer:
        found["parties"].append({"id": "buyer", "name": buyer, "roles": ["buyer"]})
    if awards is not None:
        found["awards"] = awards
    found.update(extra)
    return found


def award(
    aid: str,
    amount: Any,
    suppliers: list[tuple[str, str]],
    date: str = "2024-05-01T00:00:00Z",
    status: str | None = "active",
    currency: str = "GBP",
) -> dict:
    found: dict[str, Any] = {
        "id": aid,
        "date": date,
        "value": {"amount": amount, "currency": currency},
        "suppliers": [{"id": pid, "name": name} for pid, name in suppliers],
    }
    if status is not None:
        found["status"] = status
    return found


def named_release(
    ocid: str, name: str, number: str | None, buyer: str = "Luton Borough Council"
) -> dict:
    """A release of one award of 100 to one supplier, named and maybe numbered."""
    return release(
        ocid,
        f"{ocid}-r",
        "2024-02-01T00:00:00Z",
        buyer=buyer,
        parties=[party("s", name, number)],
        awards=[award("a", 100, [("s", name)])],
    )


def package(path: Path, releases: list[dict]) -> Path:
    path.write_text(
        json.dumps({"uri": "https://example.org/p", "version": "1.1", "releases": releases}),
        encoding="utf-8",
    )
    return path


def json_lines(path: Path, releases: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in releases) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def councils(reference_data):
    """The reference data (councils with their contract names and postcode districts)."""
    return reference_data


@pytest.fixture
def editor(councils, client):
    """An editor signed in to the admin with ``client``."""
    ensure_roles()
    user = create_account("editor@harlow.gov.uk")
    user.groups.add(Group.objects.get(name=EDITORS))
    sign_in(client, user, for_admin=True)
    return user


def add_agenda(
    home,
    title: str,
    *,
    suppliers: list = (),
    value_codes: list[str] = (),
    councils: list[str] = (),
    publish: bool = True,
    **fields: Any,
) -> EngagementAgendaPage:
    """An engagement agenda under the agendas' index, published unless told otherwise.

    Value codes and councils are given by slug, suppliers as ``Supplier`` rows."""
    index = ensure_agenda_index(home)
    agenda = EngagementAgendaPage(
        title=title,
        summary=fields.pop("summary", f"Summary of {title}."),
        issues=fields.pop("issues", f"<p>Issues of {title}.</p>"),
        live=False,
        **fields,
    )
    agenda.agenda_suppliers = [AgendaSupplier(supplier=s) for s in suppliers]
    agenda.value_codes = list(ValueCode.objects.filter(slug__in=value_codes))
    agenda.councils = list(Council.objects.filter(slug__in=councils))
    index.add_child(instance=agenda)
    revision = agenda.save_revision()
    if publish:
        revision.publish()
        agenda.refresh_from_db()
    return agenda
