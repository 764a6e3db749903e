"""End to end in headless Chromium: a council officer registers, verifies their address
from the email file, submits a case study with an image; an editor signs in with an
authenticator code and approves it in the Wagtail admin; the case study is then live on
its value-code page. Every public page on the way passes axe-core."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
)
from PIL import Image as PILImage

from casestudies.models import KnowledgePage
from members.moderation import ensure_moderation_workflow
from members.roles import EDITORS, ensure_roles
from taxonomy.models import ValueCode
from tests.accounts import totp_code

from .conftest import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICER_EMAIL = "casey@harlow.gov.uk"
PASSWORD = "lunch-from-local-farms-2025"
TITLE = "School lunches from local growers"


def read_mail(folder: Path) -> list:
    messages = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime):
        for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(message_from_bytes(chunk, policy=policy.default))
    return messages


def mail_to(folder: Path, address: str) -> list:
    return [m for m in read_mail(folder) if address in str(m["To"])]


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def totp_now(secret: str) -> str:
    return totp_code(secret)


@pytest.fixture
def mail_folder(settings, tmp_path) -> Path:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "sent-emails"
    return settings.EMAIL_FILE_PATH


@pytest.fixture
def editor_with_totp(reference_data):
    ensure_roles()
    ensure_moderation_workflow()
    user = get_user_model().objects.create_user(
        "editor", "editor@example.org", PASSWORD, first_name="Eden", last_name="Editor"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


@pytest.fixture
def lunch_photo(tmp_path) -> Path:
    path = tmp_path / "lunch.jpg"
    PILImage.new("RGB", (64, 48), (200, 120, 40)).save(path, format="JPEG")
    return path


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert_no_axe_violations(page)


def test_officer_shares_a_case_study_and_an_editor_approves_it(
    live_server, page, page_problems, mail_folder, editor_with_totp, lunch_photo
):
    base = live_server.url

    # Register with a council address.
    visit(page, base + "/accounts/signup/")
    page.get_by_label("First name").fill("Casey")
    page.get_by_label("Last name").fill("Officer")
    page.get_by_label("Email").fill(OFFICER_EMAIL)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    assert "/accounts/confirm-email/" in page.url
    assert_no_axe_violations(page)

    # Verify from the email file.
    [verification] = mail_to(mail_folder, OFFICER_EMAIL)
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", body_of(verification))[1]
    visit(page, base + path)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/members/$"))
    assert_no_axe_violations(page)
    assert "Contributor" in page.locator("main").inner_text()

    # Choose what to share, then submit a case study with an image.
    visit(page, base + "/members/contributions/new/")
    page.get_by_label("Case study").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/members/contributions/new/case-study/$"))
    assert_no_axe_violations(page)
    assert page.get_by_label("Kind of resource").count() == 0
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Summary", exact=True).fill(
        "Primary schools now buy most fresh food within 30 miles."
    )
    page.get_by_label("Description (optional)").fill("What changed.\n\nWho took part.")
    value_code = ValueCode.objects.get(slug="engaging-local-businesses")
    page.get_by_label(value_code.name, exact=True).check()
    page.locator("#id_maturity_level_3").check()
    page.get_by_label("Image (optional)", exact=True).set_input_files(str(lunch_photo))
    page.get_by_label("Describe the image (optional)").fill("A tray of school lunch")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(re.compile(r"/members/contributions/$"))
    assert_no_axe_violations(page)
    assert "In moderation" in page.locator("table").inner_text()
    assert any("We have received" in str(m["Subject"]) for m in mail_to(mail_folder, OFFICER_EMAIL))
    knowledge = KnowledgePage.objects.get(title=TITLE)
    assert not knowledge.live

    # Sign out.
    visit(page, base + "/accounts/logout/")
    page.locator("main").get_by_role("button", name="Sign Out").click()

    # The editor signs in with a password and an authenticator code.
    editor, secret = editor_with_totp
    visit(page, base + "/admin/login/")
    page.get_by_label("Email").fill(editor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_no_axe_violations(page)
    page.locator("#id_code").fill(totp_now(secret))
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/"))

    # Approve in the Wagtail admin (Wagtail's own pages are not checked with axe).
    page.goto(f"{base}/admin/pages/{knowledge.pk}/edit/")
    page.get_by_role("button", name="More actions").last.click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$|/admin/$"))
    knowledge = KnowledgePage.objects.get(pk=knowledge.pk).specific
    assert knowledge.live, "the approval did not publish the page"
    assert any("is published" in str(m["Subject"]) for m in mail_to(mail_folder, OFFICER_EMAIL))

    # It is live on its page and on its value-code page.
    public_site_errors_before_admin = [e for e in page_problems.errors if "404" not in e]
    page_problems.errors.clear()
    page.context.clear_cookies()
    visit(page, base + knowledge.url)
    assert page.get_by_role("heading", level=1).inner_text().strip() == TITLE
    visit(page, base + "/value-codes/engaging-local-businesses/")
    assert page.get_by_role("link", name=TITLE).count() >= 1
    assert not public_site_errors_before_admin
    assert not [e for e in page_problems.errors if "404" not in e], page_problems.errors


@pytest.fixture
def contributor_account(reference_data):
    ensure_roles()
    user = get_user_model().objects.create_user(
        "robin", "robin@harlow.gov.uk", PASSWORD, first_name="Robin", last_name="Buyer"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    from members.services import grant_roles_for_verified_email

    grant_roles_for_verified_email(user, user.email)
    return user


def test_account_pages_pass_axe(live_server, page, page_problems, contributor_account):
    base = live_server.url
    visit(page, base + "/accounts/password/reset/")
    visit(page, base + "/accounts/login/")
    page.locator("main").get_by_role("button", name="Sign In").click()
    assert_no_axe_violations(page)  # the error summary for an empty form
    page.get_by_label("Email").fill(contributor_account.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/members/$"))
    for path in [
        "/members/profile/",
        "/members/directory/",
        "/members/contributions/",
        "/members/profile/delete/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
    ]:
        visit(page, base + path)
    visit(page, base + "/members/contributions/new/")
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_no_axe_violations(page)  # no kind chosen
    page.get_by_label("Learning resource").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/members/contributions/new/learning-resource/$"))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Submit for review").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_no_axe_violations(page)
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter a title" in summary and "Enter a summary" in summary
    assert "This field is required" not in summary
    page.get_by_role("link", name="Enter a title").click()
    assert page.evaluate("document.activeElement.id") == "id_title"
    assert not [e for e in page_problems.errors if "404" not in e], page_problems.errors


def test_contribution_form_works_without_javascript(
    live_server, page_without_js, contributor_account
):
    page = page_without_js
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(contributor_account.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.goto(base + "/members/contributions/new/")
    page.get_by_label("Good practice").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/members/contributions/new/good-practice/$"))
    page.get_by_label("Title", exact=True).fill("Paying small suppliers in ten days")
    page.get_by_role("button", name="Submit for review").click()
    # Summary and value codes are missing: the form comes back with what was typed.
    page.locator(".govuk-error-summary").wait_for()
    assert page.get_by_label("Title", exact=True).input_value() == (
        "Paying small suppliers in ten days"
    )
    assert page.get_by_role("heading", level=1).inner_text() == "Share good practice"
    page.get_by_label("Summary", exact=True).fill("Invoices paid within ten days.")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url(re.compile(r"/members/contributions/$"))
    assert "Draft" in page.locator("table").inner_text()
