"""Headless Chromium for page checks: Playwright drives Debian's chromium against
pytest-django's live server, and axe-core checks each page against WCAG 2.0 to 2.2 A/AA.

Preconditions, each failing with a clear message: the stylesheet is built
(``npm run build``), the npm packages are installed (``npm install``), and
Debian's ``chromium`` package is installed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from django.db import connections

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures in that same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
STYLESHEET = ROOT / "static" / "css" / "portal.css"
FRONTEND_JS = ROOT / "static" / "vendor" / "govuk-frontend.min.js"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _check_preconditions() -> None:
    if not STYLESHEET.exists() or not FRONTEND_JS.exists():
        pytest.fail(
            "static/css/portal.css or static/vendor/ is missing: run npm run build "
            "(after npm install) before the browser tests.",
            pytrace=False,
        )
    if not AXE_SCRIPT.exists():
        pytest.fail("node_modules/axe-core is missing: run npm install.", pytrace=False)
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium).",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Iterator[Browser]:
    """One Chromium for the session.

    While Playwright's event loop runs in this thread, Django hands out connections
    from its async-context storage: new connection objects to the same test database.
    The database snapshot taken for ``serialized_rollback`` hangs off the original
    connections, so it is carried over; without it the live-server tests after the
    first would start from an empty database (no Wagtail root page)."""
    _check_preconditions()
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class PageProblems:
    """Console errors seen while pages were open, such as Content-Security-Policy refusals."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def record(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


def _new_page(browser: Browser, problems: PageProblems, javascript: bool = True) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", java_script_enabled=javascript
    )
    page = context.new_page()
    page.on("console", problems.record)
    page.on("pageerror", lambda error: problems.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser, page_problems: PageProblems) -> Iterator[Page]:
    yield from _new_page(browser, page_problems)


@pytest.fixture
def page_without_js(browser: Browser, page_problems: PageProblems) -> Iterator[Page]:
    yield from _new_page(browser, page_problems, javascript=False)


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(str(t) for t in node['target'])}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " ")
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core's WCAG 2.0–2.2 A and AA rules on the page; fail listing each violation.

    The script is evaluated through the DevTools protocol rather than added as a
    script element, so the page's strict Content-Security-Policy stays in force."""
    violations = axe_violations(page, AXE_TAGS)
    if violations:
        pytest.fail(format_violations(page.url, violations), pytrace=False)


def axe_violations(page: Page, tags: list[str], within: str | None = None) -> list[dict]:
    """What axe-core finds on the page against the rules of ``tags``, in the elements
    matching the CSS selector ``within`` if given (a part of a page the portal does not
    draw wholly, such as a field in the Wagtail admin)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async ([tags, within]) => await window.axe.run(within || document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        [tags, within],
    )
    return result["violations"]


@pytest.fixture
def axe_check():
    """The axe assertion as a fixture, for tests that prefer injection to imports."""
    return assert_no_axe_violations
