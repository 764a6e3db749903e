"""Background work: with the database task backend, emails, search index updates,
renditions and admin imports wait in the queue until the real worker command runs them."""

from __future__ import annotations

import io

from django.core import mail
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from wagtail.images import get_image_model

import pytest
from django_tasks_db.models import DBTaskResult
from PIL import Image as PillowImage

from assets.tasks import PREGENERATED_FILTER_SPECS
from diagnostics.demo import SUMMARY_FILE
from diagnostics.models import DiagnosticRound, Response, RoundImport
from portal.settings.env import task_settings
from tests.accounts import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUEUED = override_settings(TASKS=task_settings("database"))
IMPORT_URL = "/admin/diagnostics/import/"


def run_worker() -> str:
    out = io.StringIO()
    call_command("worker", once=True, stdout=out)
    return out.getvalue()


@QUEUED
def test_signup_email_is_sent_by_the_worker(client, reference_data):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "newcomer@luton.gov.uk",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
            "first_name": "New",
            "last_name": "Comer",
        },
    )
    assert response.status_code in (200, 302)
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="members.mail.send_email_task").count() == 1

    run_worker()

    (message,) = mail.outbox
    assert message.to == ["newcomer@luton.gov.uk"]
    assert "/accounts/confirm-email/" in message.body
    assert DBTaskResult.objects.get(task_path="members.mail.send_email_task").status == (
        "SUCCESSFUL"
    )


@QUEUED
def test_a_published_page_is_found_once_the_worker_has_indexed_it(client, make_knowledge):
    make_knowledge("Compostable canteen trays", value_codes=["sourcing"])
    assert "Compostable canteen trays" not in client.get("/api/search/?q=compostable").text

    run_worker()

    assert "Compostable canteen trays" in client.get("/api/search/?q=compostable").text


def _png() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1200, 900), (11, 79, 108)).save(buffer, format="PNG")
    return buffer.getvalue()


@QUEUED
def test_renditions_are_made_by_the_worker_after_an_upload(reference_data):
    image = get_image_model().objects.create(
        title="Solar canopy", file=ImageFile(io.BytesIO(_png()), name="canopy.png")
    )
    assert image.renditions.count() == 0

    run_worker()

    made = {rendition.filter_spec: rendition for rendition in image.renditions.all()}
    assert set(made) == set(PREGENERATED_FILTER_SPECS)
    assert made["max-960x720"].width == 960
    assert storages["private"].exists(made["max-960x720"].file.name)


@QUEUED
def test_an_admin_import_waits_for_the_worker_and_shows_its_progress(
    client, reference_data, admin_user
):
    sign_in(client, admin_user, for_admin=True)
    response = client.post(
        IMPORT_URL,
        {
            "round_slug": "queued-2025",
            "round_name": "Queued 2025",
            "responses": SimpleUploadedFile(
                "scores.csv", b"respondent,council,value_code,score\r\nr1,Luton,Sourcing,3\r\n"
            ),
            "summary": SimpleUploadedFile("summary.csv", SUMMARY_FILE.read_bytes()),
        },
    )
    job = RoundImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{IMPORT_URL}{job.pk}/"
    status = client.get(response["Location"]).text
    assert "Waiting for the worker" in status
    assert not DiagnosticRound.objects.filter(slug="queued-2025").exists()
    stored = list(job.files.values())
    assert all(storages["private"].exists(name) for name in stored)

    run_worker()

    job.refresh_from_db()
    assert job.status == RoundImport.Status.SUCCEEDED
    diagnostic_round = DiagnosticRound.objects.get(slug="queued-2025")
    assert Response.objects.filter(round=diagnostic_round).count() == 1
    status = client.get(f"{IMPORT_URL}{job.pk}/").text
    assert "Round &#x27;Queued 2025&#x27; created: 30 summary, 1 responses." in status
    assert diagnostic_round.get_absolute_url() in status
    # The uploaded files are not kept once imported.
    assert not any(storages["private"].exists(name) for name in stored)


@QUEUED
def test_a_queued_import_with_problems_lists_them_and_offers_the_form_again(
    client, reference_data, admin_user
):
    sign_in(client, admin_user, for_admin=True)
    client.post(
        IMPORT_URL,
        {
            "round_slug": "broken-2025",
            "round_name": "Broken 2025",
            "responses": SimpleUploadedFile(
                "scores.csv", b"respondent,council,value_code,score\r\nr1,Lutn,Sourcing,9\r\n"
            ),
        },
    )
    run_worker()

    job = RoundImport.objects.get()
    status = client.get(f"{IMPORT_URL}{job.pk}/").text
    assert "Nothing was imported" in status
    assert "2 problems found" in status
    assert "scores.csv, line 2, column council: unknown council" in status
    again = client.get(f"{IMPORT_URL}?again={job.pk}").text
    assert 'value="broken-2025"' in again and 'value="Broken 2025"' in again
    assert not DiagnosticRound.objects.filter(slug="broken-2025").exists()


def test_progress_is_read_from_the_cache_while_an_import_runs(reference_data):
    job = RoundImport.objects.create(round_slug="big", status=RoundImport.Status.RUNNING)
    assert job.progress() is None
    cache.set(f"diagnostics-import-progress:{job.pk}", {"kind": "responses", "rows": 20000})
    assert job.progress() == {"kind": "responses", "rows": 20000}


def test_the_worker_says_when_tasks_run_immediately():
    assert "nothing for a worker to do" in run_worker()
