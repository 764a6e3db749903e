"""Uploading contract data through the Wagtail admin: the job, its outcome and its page."""

from __future__ import annotations

from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from contracts.models import ContractsImport, Release
from tests.accounts import sign_in

from .conftest import award, package, party, release

URL = "/admin/contracts/import/"
BAD_REGISTER = b"Reference,Supplier,Value,Date\r\nR1,,a lot,2024-01-01\r\n"


@pytest.mark.django_db
def test_a_refused_upload_lists_its_problems_and_keeps_the_answers(client, councils, admin_user):
    sign_in(client, admin_user, for_admin=True)
    upload = SimpleUploadedFile("register.csv", BAD_REGISTER, content_type="text/csv")
    response = client.post(URL, {"file": upload, "council": "luton", "format": "register"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nothing was imported: 2 problems found" in text
    assert "Correct the file and choose it again." in text
    assert "register.csv, line 2, column Supplier: the supplier is missing" in text
    assert '<option value="luton" selected>' in text
    job = ContractsImport.objects.get()
    assert job.status == ContractsImport.Status.FAILED and job.problem_count == 2
    assert not storages["private"].exists(job.file)
    assert not Release.objects.exists()


@pytest.mark.django_db
def test_an_accepted_upload_is_summarised_on_its_status_page(
    client, councils, admin_user, tmp_path
):
    sign_in(client, admin_user, for_admin=True)
    releases = [
        release(
            "ocds-1",
            "r1",
            "2024-05-01T00:00:00Z",
            parties=[party("s1", "Acme Ltd", "01234567")],
            awards=[award("a1", 1000, [("s1", "Acme Ltd")])],
        )
    ]
    path = package(tmp_path / "releases.json", releases)
    upload = SimpleUploadedFile("releases.json", path.read_bytes())
    response = client.post(URL, {"file": upload})
    assert response.status_code == 302 and response["Location"] == URL
    job = ContractsImport.objects.get()
    assert job.status == ContractsImport.Status.SUCCEEDED and job.finished
    assert Release.objects.count() == 1
    assert not storages["private"].exists(job.file)

    page = client.get(f"{URL}{job.pk}/").content.decode()
    assert '<h2 class="w-h3">releases.json</h2>' in page
    assert job.summary in page and "View the common contractors" in page
    assert f'data-import-status="{URL}{job.pk}/"' in page
    assert "data-import-running" not in page
    assert "taxonomy/js/import-status.js" in page
    listing = client.get(URL).content.decode()
    assert f'<a href="{URL}{job.pk}/">releases.json, ' in listing


@pytest.mark.django_db
def test_a_running_import_says_how_far_it_has_got(client, councils, admin_user):
    sign_in(client, admin_user, for_admin=True)
    job = ContractsImport.objects.create(
        file="contract-imports/x/big.json",
        file_name="big.json",
        status=ContractsImport.Status.RUNNING,
    )
    page = client.get(f"{URL}{job.pk}/").content.decode()
    assert "<strong>Running</strong>: reading the file." in page
    assert "data-import-running" in page
    job.report_progress({"stage": "read", "count": 1})
    assert "1 release read so far." in client.get(f"{URL}{job.pk}/").content.decode()
    job.report_progress({"stage": "compiled", "count": 2})
    assert "2 records compiled so far." in client.get(f"{URL}{job.pk}/").content.decode()
