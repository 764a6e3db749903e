"""The admin pages for contract data, through the real views with a signed-in editor:
who reaches them, uploading files (every problem listed, nothing half-imported) and deciding
on suppliers whose names are alike (merge, keep apart, split, undo), decisions that outlast
re-imports. The upload job's own life and progress page are in ``test_admin_import``."""

from __future__ import annotations

import json

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from contracts.models import Contract, ContractsImport, MergeProposal, Release, Supplier
from members.roles import MEMBERS, ensure_roles
from tests.accounts import create_account

from .conftest import named_release

pytestmark = pytest.mark.django_db

IMPORT = "/admin/contracts/import/"
MATCHES = "/admin/contracts/matches/"


def _upload(releases: list[dict], name: str = "releases.json") -> SimpleUploadedFile:
    body = json.dumps({"uri": "https://example.org", "releases": releases}).encode()
    return SimpleUploadedFile(name, body, content_type="application/json")


def test_only_people_who_manage_suppliers_reach_the_pages(councils, client):
    ensure_roles()
    member = create_account("member@harlow.gov.uk")
    member.groups.add(Group.objects.get(name=MEMBERS))
    client.force_login(member)
    for url in (IMPORT, MATCHES):
        assert client.get(url).status_code in (302, 403)
    client.logout()
    assert client.get(IMPORT).status_code == 302  # to sign in


def test_an_editor_uploads_an_ocds_file_and_sees_what_was_imported(editor, client):
    releases = [named_release("ocds-a-1", "Anglia Buses Ltd", "01234567")]
    response = client.post(IMPORT, {"file": _upload(releases), "format": "", "council": ""})
    assert response.status_code == 302 and response["Location"] == IMPORT
    page = client.get(IMPORT).content.decode()
    assert "releases.json" in page and "Imported" in page  # the recent imports
    job = ContractsImport.objects.get()
    assert job.status == ContractsImport.Status.SUCCEEDED and job.created_by == editor
    assert job.summary in page  # the message after the upload
    assert Contract.objects.get().supplier.name == "Anglia Buses Ltd"
    status = client.get(f"/admin/contracts/import/{job.pk}/").content.decode()
    assert "Imported" in status and "View the common contractors" in status


def test_a_file_with_problems_imports_nothing_lists_each_one_and_keeps_the_answers(editor, client):
    good = named_release("ocds-b-1", "Good Supplies Ltd", None)
    no_id = named_release("ocds-b-2", "Missing Id Ltd", None)
    del no_id["id"]
    bad_amount = named_release("ocds-b-3", "Bad Amount Ltd", None)
    bad_amount["awards"][0]["value"]["amount"] = "lots"
    response = client.post(
        IMPORT,
        {"file": _upload([good, no_id, bad_amount]), "format": "ocds", "council": "harlow"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported: 2 problems found" in page
    assert "column id: the release at releases[1]: the id is missing" in page
    assert "column awards[0].value.amount: release &#x27;ocds-b-3-r&#x27;" in page
    assert '<option value="harlow" selected>' in page
    assert '<option value="ocds" selected>' in page
    assert not Release.objects.exists() and not Contract.objects.exists()
    assert ContractsImport.objects.get().status == ContractsImport.Status.FAILED


def test_the_form_refuses_a_file_of_the_wrong_kind_and_unknown_headings(editor, client):
    wrong = SimpleUploadedFile("contracts.pdf", b"%PDF-1.4", content_type="application/pdf")
    page = client.post(IMPORT, {"file": wrong}).content.decode()
    assert "File extension" in page and "pdf" in page
    register = SimpleUploadedFile("r.csv", b"Reference,Supplier\nX,Y\n", content_type="text/csv")
    page = client.post(
        IMPORT, {"file": register, "council": "harlow", "columns": "colour=Shade"}
    ).content.decode()
    assert "Register headings" in page and "colour" in page
    assert not ContractsImport.objects.exists()


def test_a_register_upload_with_its_own_headings(editor, client):
    body = b"Ref,Company,Annual Value,Awarded\nH-1,Harlow Print Shop,5000,2024-06-02\n"
    register = SimpleUploadedFile("register.csv", body, content_type="text/csv")
    columns = "reference=Ref,supplier=Company,value=Annual Value,date=Awarded"
    response = client.post(IMPORT, {"file": register, "council": "harlow", "columns": columns})
    assert response.status_code == 302, response.content.decode()[:2000]
    contract = Contract.objects.get()
    assert contract.council.slug == "harlow" and contract.value == 5000


NEAR = [
    named_release("ocds-m-1", "Norfolk Grounds Maintenance", None),
    named_release("ocds-m-2", "Norfolk Ground Maintenance", None, buyer="Harlow Council"),
]


def test_an_editor_merges_a_proposal_and_the_merge_survives_reimport(editor, client):
    client.post(IMPORT, {"file": _upload(NEAR)})
    page = client.get(MATCHES).content.decode()
    assert "Norfolk Grounds Maintenance" in page and "Norfolk Ground Maintenance" in page
    proposal = MergeProposal.objects.get()
    kept, merged = proposal.supplier, proposal.other
    response = client.post(MATCHES, {"proposal": proposal.pk, "decision": "merge"})
    assert response.status_code == 302
    assert f"‘{merged.name}’ is now part of ‘{kept.name}’." in client.get(MATCHES).content.decode()
    assert set(Contract.objects.values_list("supplier", flat=True)) == {kept.pk}

    client.post(IMPORT, {"file": _upload(NEAR, "again.json")})
    assert set(Contract.objects.values_list("supplier", flat=True)) == {kept.pk}
    assert "No possible duplicates are waiting." in client.get(MATCHES).content.decode()

    # Undone from the supplier's names page: two suppliers again.
    names_page = f"/admin/contracts/suppliers/{kept.pk}/names/"
    assert merged.name in client.get(names_page).content.decode()
    client.post(names_page, {"unmerge": merged.pk})
    assert Contract.objects.filter(supplier=merged).count() == 1


def test_kept_apart_stays_apart_after_reimport(editor, client):
    client.post(IMPORT, {"file": _upload(NEAR)})
    proposal = MergeProposal.objects.get()
    client.post(MATCHES, {"proposal": proposal.pk, "decision": "reject"})
    proposal.refresh_from_db()
    assert proposal.status == MergeProposal.Status.REJECTED
    client.post(IMPORT, {"file": _upload(NEAR, "again.json")})
    assert Supplier.objects.count() == 2
    assert "No possible duplicates are waiting." in client.get(MATCHES).content.decode()


def test_an_editor_splits_a_name_off_and_the_split_survives_reimport(editor, client):
    releases = [
        named_release("ocds-q-1", "Swift Couriers Ltd", "33333333"),
        named_release("ocds-q-2", "Swift Couriers", None, buyer="Harlow Council"),
    ]
    client.post(IMPORT, {"file": _upload(releases)})
    numbered = Supplier.objects.get()
    alias = numbered.names.get(companies_house="")
    names_page = f"/admin/contracts/suppliers/{numbered.pk}/names/"
    response = client.post(names_page, {"split": alias.pk})
    assert response.status_code == 302
    assert "is now a supplier of its own" in client.get(names_page).content.decode()
    own = Supplier.objects.exclude(pk=numbered.pk).get()
    client.post(IMPORT, {"file": _upload(releases, "again.json")})
    assert Contract.objects.get(record__ocid="ocds-q-2").supplier_id == own.pk
    assert Contract.objects.get(record__ocid="ocds-q-1").supplier_id == numbered.pk
