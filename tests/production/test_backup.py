"""backup_portal and restore_portal: back up, wipe to a fresh install, restore, and the site
shows the same pages, search results, figures and files."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.test import Client

from wagtail.images import get_image_model

import pytest
from PIL import Image as PillowImage

from casestudies.models import KnowledgePage
from diagnostics.demo import SUMMARY_FILE
from diagnostics.importers import import_round
from portal.backup import is_fresh_install
from tests.accounts import create_account

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture(autouse=True)
def _warm_content_types():
    """After a restore, have every content type in Django's cache again: the suite's
    serialized rollback reloads rows that look content types up before their own rows
    are back, and a cache miss would make a duplicate."""
    yield
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*django_apps.get_models(), for_concrete_models=False)


def png() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), (0, 112, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def snapshot(client: Client, paths: list[str]) -> dict[str, tuple[int, str]]:
    answers = {}
    for path in paths:
        response = client.get(path)
        answers[path] = (response.status_code, CSRF.sub("", response.content.decode()))
    return answers


def test_backup_then_fresh_install_then_restore_gives_the_same_site(make_knowledge, tmp_path: Path):
    page = make_knowledge("Heat pumps for every depot", value_codes=["sourcing"], council="luton")
    make_knowledge("Members-only fleet lessons", visibility="members", council="harlow")
    diagnostic_round = import_round(
        "backup-2025",
        "Backup 2025",
        visibility="public",
        summary=SUMMARY_FILE,
        responses=io.BytesIO(b"respondent,council,value_code,score\r\nr1,Luton,Sourcing,3\r\n"),
    ).round
    image = get_image_model().objects.create(
        title="Depot roof", file=ImageFile(io.BytesIO(png()), name="depot-roof.png")
    )
    create_account("officer@luton.gov.uk")
    editor = create_account("editor@luton.gov.uk", is_superuser=True, is_staff=True)
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "backup-test.txt").write_text("kept")
    paths = [
        "/",
        page.url,
        "/search/?q=heat+pumps",
        "/api/search/?q=heat",
        diagnostic_round.get_absolute_url(),
        "/value-codes/",
    ]
    visitor = Client()
    before = snapshot(visitor, paths)
    assert all(status == 200 for status, _ in before.values()), {
        path: status for path, (status, _) in before.items()
    }
    assert "Heat pumps for every depot" in before["/api/search/?q=heat"][1]
    editor_client = Client()
    editor_client.force_login(editor)
    assert b"".join(editor_client.get(image.file.url).streaming_content) == png()

    out = io.StringIO()
    call_command("backup_portal", str(tmp_path / "backup"), stdout=out)
    assert "Backed up to" in out.getvalue()
    assert (tmp_path / "backup" / "database.jsonl.gz").exists()

    # A fresh install: an empty database and none of the files.
    image_file = Path(image.file.path)
    call_command("flush", interactive=False, verbosity=0)
    image_file.unlink()
    (Path(settings.MEDIA_ROOT) / "backup-test.txt").unlink()
    assert is_fresh_install()
    assert not KnowledgePage.objects.exists()

    call_command("restore_portal", str(tmp_path / "backup"), stdout=io.StringIO())

    after = snapshot(Client(), paths)
    for path in paths:
        assert after[path] == before[path], path
    assert image_file.read_bytes() == png()
    editor_client = Client()
    editor_client.force_login(editor)
    assert b"".join(editor_client.get(image.file.url).streaming_content) == png()
    assert (Path(settings.MEDIA_ROOT) / "backup-test.txt").read_text() == "kept"
    assert KnowledgePage.objects.count() == 2
    # Members still sign in with their old passwords.
    assert Client().login(username="officer0", password="a-long-and-unusual-passphrase")


def test_restore_refuses_to_overwrite_a_site_in_use(make_knowledge, tmp_path: Path):
    make_knowledge("Already here")
    call_command("backup_portal", str(tmp_path / "backup"), stdout=io.StringIO())
    create_account("someone@luton.gov.uk")
    with pytest.raises(CommandError, match="already has accounts or pages"):
        call_command("restore_portal", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_portal", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="not a portal backup"):
        call_command("restore_portal", str(tmp_path))


def test_a_backup_holding_rows_of_a_model_since_removed_restores(make_knowledge, tmp_path: Path):
    """Backups written before the search facets moved beside the documents hold rows of
    ``search.searchfacets``, a table this version no longer has."""
    make_knowledge("Kept through an upgrade", value_codes=["sourcing"])
    call_command("backup_portal", str(tmp_path / "backup"), stdout=io.StringIO())
    database = tmp_path / "backup" / "database.jsonl.gz"
    rows = gzip.decompress(database.read_bytes())
    old_row = b'{"model": "search.searchfacets", "pk": 1, "fields": {}}\n'
    database.write_bytes(gzip.compress(rows + old_row))
    call_command("flush", interactive=False, verbosity=0)

    call_command("restore_portal", str(tmp_path / "backup"), stdout=io.StringIO())

    assert list(KnowledgePage.objects.values_list("title", flat=True)) == [
        "Kept through an upgrade"
    ]
    response = Client().get("/api/search/?q=upgrade")
    assert [result["title"] for result in response.json()["results"]] == ["Kept through an upgrade"]
