"""The stylesheet holds only the GOV.UK components the templates use, and every one they use.

``static/scss/portal.scss`` names the components (and ``portal/_spacing.scss`` the spacing
overrides) one by one; a template that starts using a class GOV.UK Frontend styles but the
built stylesheet lacks fails here, before anyone sees an unstyled page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILT = ROOT / "static" / "css" / "portal.css"
FULL = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "govuk-frontend.min.css"
CLASS_ATTRIBUTE = re.compile(r"""class=["']([^"']*)["']|["']class["']:\s*["']([^"']*)["']""")
# A complete class name: a template variable inside it (``margin-bottom-{% ... %}``) is skipped.
GOVUK_CLASS = re.compile(r"govuk-[!a-z0-9_-]*[a-z0-9]")


def defined_classes(css: str) -> set[str]:
    return {name.replace("\\!", "!") for name in re.findall(r"\.(govuk-(?:\\!-)?[\w-]+)", css)}


def used_classes() -> dict[str, str]:
    """Each GOV.UK class in the project's templates and Python (forms), with one file using it."""
    tracked = subprocess.run(
        ["git", "ls-files", "*.html", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    used: dict[str, str] = {}
    for name in tracked:
        if name.startswith("tests/"):
            continue
        text = (ROOT / name).read_text(encoding="utf-8")
        for groups in CLASS_ATTRIBUTE.findall(text):
            for token in " ".join(groups).split():
                if GOVUK_CLASS.fullmatch(token):
                    used.setdefault(token, name)
    return used


@pytest.mark.skipif(not BUILT.exists() or not FULL.exists(), reason="npm run build first")
def test_every_govuk_class_the_templates_use_is_in_the_stylesheet():
    styled_by_govuk = defined_classes(FULL.read_text(encoding="utf-8"))
    built = defined_classes(BUILT.read_text(encoding="utf-8"))
    used = used_classes()
    assert len(used) > 100  # the search found the templates
    missing = {name: where for name, where in used.items() if name in styled_by_govuk - built}
    assert not missing, missing


@pytest.mark.skipif(not BUILT.exists() or not FULL.exists(), reason="npm run build first")
def test_the_stylesheet_leaves_out_what_no_template_uses():
    built = defined_classes(BUILT.read_text(encoding="utf-8"))
    for unused in ("govuk-accordion", "govuk-cookie-banner", "govuk-panel", "govuk-task-list"):
        assert unused not in built
    assert "govuk-\\!-padding-9" not in BUILT.read_text(encoding="utf-8")
    assert BUILT.stat().st_size < 125_000
