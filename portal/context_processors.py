"""Template context shared by every page."""

from django.http import HttpRequest


def site_navigation(request: HttpRequest) -> dict:
    """Primary navigation items, marking the current section."""
    path = request.path
    items = [
        ("Value codes", "/value-codes/"),
        ("Case studies", "/case-studies/"),
        ("Good practice", "/good-practice/"),
        ("Learning", "/learning/"),
        ("Workstreams", "/workstreams/"),
        ("Councils", "/councils/"),
        ("Diagnostics", "/diagnostics/"),
        ("Search", "/search/"),
    ]
    return {
        "primary_navigation": [
            {"label": label, "url": url, "current": path.startswith(url)} for label, url in items
        ]
    }
