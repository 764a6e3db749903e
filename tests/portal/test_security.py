"""Site-wide security properties: headers, and templates a strict CSP can hold."""

import re
from pathlib import Path

from django.conf import settings

import pytest

ROOT = Path(settings.BASE_DIR)
OWN_TEMPLATE_DIRS = list(ROOT.glob("*/templates"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"href\s*=\s*[\"']\s*javascript:", re.IGNORECASE)


def own_templates() -> list[Path]:
    return sorted(
        path
        for directory in OWN_TEMPLATE_DIRS
        if ".venv" not in directory.parts and "node_modules" not in directory.parts
        for path in directory.rglob("*.html")
    )


def test_there_are_templates_to_check():
    assert len(own_templates()) > 10


@pytest.mark.parametrize("path", own_templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_code(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script> without src"
    assert not INLINE_STYLE.search(text), "inline style"
    assert not EVENT_HANDLER.search(text), "inline event handler"
    assert not JAVASCRIPT_URL.search(text), "javascript: URL"


@pytest.mark.django_db
def test_public_pages_send_a_strict_content_security_policy(client, reference_data):
    response = client.get("/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Permissions-Policy" in response.headers
