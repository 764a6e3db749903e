"""Emails the members app sends, and the Wagtail workflow signal handlers that send them.

Every message goes out through Django's mail API from DEFAULT_FROM_EMAIL, so the
backend (SMTP, files in development, memory in tests) is chosen by settings; it is sent
by a background task (``members.mail``) once the change that caused it has committed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from .current_request import current_request
from .mail import queue_email

SUBJECT_PREFIX = "[Responsible Procurement] "


def absolute(url: str) -> str:
    """A full address for a site path: the address the current request came in on, so links
    follow wherever the site is served; BASE_URL when no request is being served."""
    request = current_request()
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def send(to: list[str], template: str, context: dict[str, Any]) -> None:
    """Render ``members/emails/<template>.txt``: first line is the subject, the rest the body."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
    text = render_to_string(f"members/emails/{template}.txt", context).strip()
    subject, _, body = text.partition("\n")
    queue_email(
        EmailMessage(
            subject=SUBJECT_PREFIX + subject.strip(),
            body=body.strip() + "\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
        )
    )


def editor_emails() -> list[str]:
    from .roles import ADMINISTRATORS, EDITORS

    users = get_user_model().objects.filter(
        groups__name__in=[EDITORS, ADMINISTRATORS], is_active=True
    )
    return sorted({u.email for u in users if u.email})


def notify_editors_of_request(request) -> None:
    send(
        editor_emails(),
        "contributor_request_received",
        {
            "request": request,
            "admin_url": absolute(reverse("contributor_requests:edit", args=[request.pk])),
        },
    )


def notify_request_decided(request) -> None:
    send(
        [request.user.email],
        "contributor_request_decided",
        {"request": request, "submit_url": absolute(reverse("members:submit"))},
    )


def notify_contributor(page, step: str, comment: str = "") -> None:
    """Tell the contributor of ``page`` (any page contributed from the public site) that
    its moderation moved to ``step``."""
    from .contributions import edit_url

    contribution = getattr(page, "contribution", None)
    if contribution is None or contribution.contributor is None:
        return
    latest = page.get_latest_revision_as_object()
    send(
        [contribution.contributor.email],
        f"moderation_{step}",
        {
            "title": latest.title,
            "comment": comment,
            "page_url": absolute(page.url) if page.live and page.url else "",
            "contributions_url": absolute(reverse("members:contributions")),
            "edit_url": absolute(edit_url(page)),
        },
    )


def _page(workflow_state):
    obj = workflow_state.content_object
    return getattr(obj, "specific", obj)


def on_task_submitted(sender, instance, user=None, **kwargs) -> None:
    notify_contributor(_page(instance.workflow_state), "submitted")


def on_workflow_rejected(sender, instance, user=None, **kwargs) -> None:
    task_state = instance.current_task_state
    comment = task_state.get_comment() if task_state else ""
    notify_contributor(_page(instance), "changes_requested", comment=comment)


def on_workflow_cancelled(sender, instance, user=None, **kwargs) -> None:
    notify_contributor(_page(instance), "cancelled")


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    """Approval ends in publication, so this covers approval and direct publishing alike."""
    notify_contributor(getattr(instance, "specific", instance), "published")


def connect() -> None:
    from wagtail.signals import (
        page_published,
        task_submitted,
        workflow_cancelled,
        workflow_rejected,
    )

    task_submitted.connect(on_task_submitted, dispatch_uid="members_task_submitted")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="members_workflow_rejected")
    workflow_cancelled.connect(on_workflow_cancelled, dispatch_uid="members_workflow_cancelled")
    page_published.connect(on_page_published, dispatch_uid="members_page_published")
