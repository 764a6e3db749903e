"""Every page in the benchmark list runs as many queries with 20 councils and 40 items as with
3 councils and 10 items, stays under 100 KB of HTML, and writes nothing when it is read."""

from __future__ import annotations

import datetime
import difflib
import itertools
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from casestudies.models import CaseStudyPage
from contracts import models as contract_models
from contracts import views as contract_views
from contracts.importers import import_contracts
from contracts.models import EngagementAgendaPage, Supplier
from contracts.reference import ensure_agenda_index
from diagnostics.importers import import_round
from members import views as member_views
from members.roles import CONTRIBUTORS, MEMBERS
from taxonomy.models import Council, ValueCode
from taxonomy.reference_cache import clear_all_but_reference
from tests.contracts.conftest import add_agenda, award, json_lines, party, release
from tests.diagnostics.conftest import csv_file

pytestmark = pytest.mark.django_db

ROUND = "scale"
HTML_LIMIT = 100_000
WRITES = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+\"?(\w+)", re.I)
# Search gathers its matches in a temporary table of the connection: not a write to the site.
TEMPORARY = re.compile(r"CREATE\s+TEMP(?:ORARY)?\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?\"?(\w+)", re.I)
TYPES = itertools.cycle(["case_study", "good_practice", "learning_resource"])


def councils(count: int) -> list[Council]:
    """The first ``count`` councils by name, adding made-up ones past the reference data's:
    more than ``TOP_OPTIONS`` of them makes the council facet show its top values only."""
    for n in range(Council.objects.count(), count):
        Council.objects.create(name=f"Zedshire {n}", slug=f"zedshire-{n}")
    return list(Council.objects.order_by("name")[:count])


def add_items(make_knowledge, start: int, count: int, among: list[Council]) -> None:
    codes = list(ValueCode.objects.order_by("name").values_list("slug", flat=True))
    for n in range(start, start + count):
        make_knowledge(
            title=f"Social value item {n}",
            summary=f"How council {n % len(among)} added social value to a contract.",
            type="case_study" if n == 0 else next(TYPES),
            council=among[n % len(among)].slug,
            value_codes=[codes[n % len(codes)], codes[(n + 1) % len(codes)]],
            workstreams=["developing-local-economies"],
            tags=["social-value", f"item-{n}"],
            visibility="members" if n % 5 == 4 else "public",
            maturity_level=1 + n % 5,
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
        )


def import_scores(among: list[Council]) -> None:
    """A public round in which every council scores every value code."""
    names = list(ValueCode.objects.order_by("name").values_list("name", flat=True))
    lines = ["respondent,council," + ",".join(f'"{name}"' for name in names)]
    for c, council in enumerate(among):
        for r in range(2):
            scores = ",".join(str((c + r + v) % 5 + 1) for v in range(len(names)))
            lines.append(f'{council.slug}-{r},"{council.name}",{scores}')
    aspirations = "council,value_code,aspiration\n" + "\n".join(
        f'"{council.name}","{names[0]}",4.5' for council in among
    )
    priorities = "council,value_code\n" + "\n".join(
        f'"{council.name}","{names[c % len(names)]}"' for c, council in enumerate(among)
    )
    import_round(
        ROUND,
        "Scale round",
        visibility="public",
        responses=csv_file("responses.csv", "\n".join(lines)),
        aspirations=csv_file("aspirations.csv", aspirations),
        priorities=csv_file("priorities.csv", priorities),
    )


def import_awards(tmp_path, among: list[Council]) -> None:
    """Contracts from each council: one to a supplier trading everywhere, one to its own."""
    shared = ("shared", "Everywhere Services Ltd")
    for council in among:
        own = (f"own-{council.slug}", f"{council.name} Local Supplies Ltd")
        contracts = release(
            f"ocds-scale-{council.slug}",
            f"{council.slug}-1",
            "2024-05-01T00:00:00Z",
            buyer=None,
            parties=[party(*shared, number="01234567"), party(*own, scale="sme")],
            awards=[award("a1", 50_000, [shared]), award("a2", 12_000, [own])],
        )
        path = json_lines(tmp_path / f"{council.slug}.jsonl", [contracts])
        import_contracts(path, council=council.slug)


def add_agendas(home, start: int, count: int, among: list[Council]) -> None:
    """Agendas that every council given takes part in."""
    for n in range(start, start + count):
        add_agenda(home, f"Agenda {n:02d}", councils=[council.slug for council in among])


def pages() -> dict[str, str]:
    first, second = ValueCode.objects.order_by("name").values_list("slug", flat=True)[:2]
    council = Council.objects.order_by("name").first()
    case_study = CaseStudyPage.objects.live().get(title="Social value item 0")
    supplier = Supplier.objects.get(name="Everywhere Services Ltd")
    return {
        "home": "/",
        "listing": "/case-studies/",
        "case study": case_study.url,
        "value code": f"/value-codes/{first}/",
        "search, two facets": f"/search/?q=social+value&value_code={first}&type=case_study",
        "/api/search/": f"/api/search/?q=social+value&value_code={second}",
        "council page": f"/councils/{council.slug}/",
        "councils": "/councils/",
        "round dashboard": f"/diagnostics/{ROUND}/",
        "round value code": f"/diagnostics/{ROUND}/value-codes/{first}/",
        "council diagnostic": f"/diagnostics/{ROUND}/councils/{council.slug}/",
        "gaps page": f"/diagnostics/{ROUND}/gaps/",
        "suppliers": "/suppliers/",
        "supplier page": supplier.get_absolute_url(),
        "engagement agendas": "/engagement-agendas/",
        "agenda page": EngagementAgendaPage.objects.order_by("-title").first().url,
    }


def measure(client) -> dict[str, tuple[int, int, list[str]]]:
    """Each page's queries and HTML size, read as a running server would: warm (reference data
    read), then with nothing of the page cached."""
    found = {}
    for label, url in pages().items():
        client.get(url)  # process-wide look-ups (content types, site root paths, reference data)
        clear_all_but_reference()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)
        statements = [query["sql"] for query in captured.captured_queries]
        temporary = {name for sql in statements for name in TEMPORARY.findall(sql)}
        writes = [sql for sql in statements if (m := WRITES.match(sql)) and m[1] not in temporary]
        assert not writes, (label, writes)
        found[label] = (len(statements), len(response.content), statements)
    return found


def test_pages_run_the_same_queries_at_both_scales(
    client, make_knowledge, reference_data, tmp_path, monkeypatch
):
    """The agendas' lists are full at both scales (pages of 2 and 3), so only growth past a
    page shows."""
    monkeypatch.setattr(contract_models, "AGENDAS_PER_PAGE", 2)
    monkeypatch.setattr(contract_models, "AGENDA_COUNCILS_PER_PAGE", 3)
    few = councils(3)
    add_items(make_knowledge, 0, 10, few)
    import_scores(few)
    import_awards(tmp_path, few)
    add_agendas(reference_data, 0, 3, few)
    small = measure(client)

    many = councils(20)
    add_items(make_knowledge, 10, 30, many)
    import_scores(many)
    import_awards(tmp_path, many)
    add_agendas(reference_data, 3, 27, many)
    large = measure(client)

    for label in small:
        assert small[label][1] < HTML_LIMIT and large[label][1] < HTML_LIMIT, label
    differ = {
        label: unlike(small[label][2], large[label][2])
        for label in small
        if small[label][0] != large[label][0]
    }
    assert not differ, differ


def unlike(few: list[str], many: list[str]) -> list[str]:
    """The statements one scale ran and the other did not, with literal values left out."""

    def shape(sql: str) -> str:
        return re.sub(r"\b\d+\b|'[^']*'|search_hits_\w+", "?", sql)[:200]

    return list(difflib.unified_diff([shape(q) for q in few], [shape(q) for q in many], n=0))[2:]


def test_a_supplier_trading_with_every_council_lists_them_a_page_at_a_time(
    client, reference_data, tmp_path, monkeypatch
):
    monkeypatch.setattr(contract_views, "SUPPLIER_COUNCILS_PER_PAGE", 3)
    import_awards(tmp_path, councils(4))
    address = Supplier.objects.get(name="Everywhere Services Ltd").get_absolute_url()
    first = client.get(address).text
    assert "councils 1 to 3 of 4" in first and 'href="?page=2"' in first
    assert len(re.findall(r'<th scope="row" class="govuk-table__header"><a', first)) == 3
    assert "councils 4 to 4 of 4" in client.get(address + "?page=2").text


MEMBER_PAGES = {
    "propose an agenda": "/members/agendas/propose/",
    "share: kind": "/members/contributions/new/",
    "share: case study": "/members/contributions/new/case-study/",
    "my contributions": "/members/contributions/",
    "profile": "/members/profile/",
    "directory": "/members/directory/",
}


def measure_member_pages(contributor, member) -> dict[str, tuple[int, int, list[str]]]:
    """Each form or list a member sees: its queries and HTML size, as ``measure`` reads them."""
    found = {}
    for who, label, url in [
        *((contributor, label, url) for label, url in MEMBER_PAGES.items()),
        (member, "become a contributor", "/members/become-a-contributor/"),
    ]:
        client = Client()
        client.force_login(who)
        client.get(url)
        clear_all_but_reference()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)
        statements = [query["sql"] for query in captured.captured_queries]
        assert not [sql for sql in statements if WRITES.match(sql)], label
        found[label] = (len(statements), len(response.content), statements)
    return found


def list_in_directory(make_user, among: list[Council], start: int) -> None:
    for n, council in enumerate(among, start=start):
        listed = make_user(f"officer{n}@example.org", council=council.slug)
        listed.profile.in_directory = True
        listed.profile.save()


def test_members_forms_and_lists_stay_the_same_size_as_councils_are_added(
    make_knowledge, make_user, site, monkeypatch
):
    """The directory is full at both scales (a page of 3), so only growth past a page shows."""
    monkeypatch.setattr(member_views, "DIRECTORY_PER_PAGE", 3)
    ensure_agenda_index(site)
    contributor = make_user(
        "ana@harlow.gov.uk", groups=(MEMBERS, CONTRIBUTORS), council="harlow", first_name="Ana"
    )
    member = make_user("max@luton.gov.uk")
    few = councils(3)
    add_items(make_knowledge, 0, 6, few)
    list_in_directory(make_user, few, 0)
    small = measure_member_pages(contributor, member)

    many = councils(60)
    add_items(make_knowledge, 6, 30, many)
    list_in_directory(make_user, many, len(few))
    large = measure_member_pages(contributor, member)

    for label in small:
        assert large[label][1] < HTML_LIMIT, label
        assert large[label][1] - small[label][1] < 5_000, (label, small[label][1], large[label][1])
    differ = {
        label: unlike(small[label][2], large[label][2])
        for label in small
        if small[label][0] != large[label][0]
    }
    assert not differ, differ
