"""Every public page type, with realistic content, in headless Chromium: no axe-core
WCAG 2.0–2.2 A/AA violations, no Content-Security-Policy refusals or script errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.casestudies.content import build_showcase

from .conftest import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def showcase(live_server, make_knowledge):
    return build_showcase(make_knowledge)


def public_pages(showcase) -> dict[str, str]:
    return {
        "home": "/",
        "case study index": "/case-studies/",
        "good practice index": "/good-practice/",
        "learning index": "/learning/",
        "filtered index": "/case-studies/?value_code=engaging-local-businesses&council=stevenage",
        "case study": showcase.case_study.url,
        "good practice": showcase.good_practice.url,
        "learning resource": showcase.learning_resource.url,
        "value code list": "/value-codes/",
        "value code detail": "/value-codes/engaging-local-businesses/",
        "council list": "/councils/",
        "council detail": "/councils/stevenage/",
        "tag": "/tags/lotting/",
        "workstream list": "/workstreams/",
        "workstream detail": "/workstreams/developing-local-economies/",
        "not found": "/no-such-page/",
    }


def test_every_public_page_type_passes_axe(live_server, showcase, page, page_problems):
    failures = []
    for name, path in public_pages(showcase).items():
        response = page.goto(live_server.url + path)
        expected = 404 if name == "not found" else 200
        assert response is not None and response.status == expected, (name, path)
        assert page.locator("h1").count() == 1, name
        try:
            assert_no_axe_violations(page)
        except pytest.fail.Exception as error:
            failures.append(f"[{name}] {error}")
    assert not failures, "\n\n".join(failures)
    assert not [e for e in page_problems.errors if "404" not in e], page_problems.errors


def test_pages_work_without_javascript(live_server, showcase, page_without_js):
    page = page_without_js
    page.goto(live_server.url + "/value-codes/engaging-local-businesses/")
    assert page.locator("h1").inner_text().strip()
    assert page.get_by_role("link", name=showcase.case_study.title).is_visible()
    assert page.locator(".portal-ladder__step").count() == 5
    # Filtering is a plain GET form: ticking a box and submitting works without scripts.
    page.get_by_label("Good practice").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "type=good_practice" in page.url
    assert page.get_by_role("link", name=showcase.case_study.title).count() == 0
    page.goto(live_server.url + showcase.case_study.url)
    assert page.get_by_role("heading", name="The challenge").is_visible()


def test_javascript_enhancements_start(live_server, showcase, page, page_problems):
    page.goto(live_server.url + "/")
    body_class = page.locator("body").get_attribute("class") or ""
    assert "js-enabled" in body_class and "govuk-frontend-supported" in body_class
    assert not page_problems.errors


def test_screenshots_for_design_review(live_server, showcase, page, tmp_path):
    """Not an assertion of looks: leaves pictures of key pages for a person to review,
    in SCREENSHOT_DIR if set, otherwise in pytest's temporary directory."""
    screenshots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    screenshots.mkdir(parents=True, exist_ok=True)
    for name, path in {
        "home": "/",
        "value-codes": "/value-codes/",
        "value-code": "/value-codes/engaging-local-businesses/",
        "workstream": "/workstreams/developing-local-economies/",
        "case-study": showcase.case_study.url,
        "index": "/case-studies/",
    }.items():
        page.goto(live_server.url + path)
        page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
        assert (screenshots / f"{name}.png").stat().st_size > 0
