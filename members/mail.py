"""Sending email outside the request: messages are queued as tasks and sent by the worker.

A slow or unreachable mail server then delays nobody's page, and a message that fails is
kept in the task queue with its error. With the immediate task backend (one process, no
worker) the message is sent at once, as before."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives

from django_tasks import task


def message_data(message: EmailMessage) -> dict[str, Any]:
    """What a task needs to rebuild ``message``: plain JSON (no attachments)."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def message_from_data(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


@task(priority=10)
def send_email_task(data: dict[str, Any]) -> int:
    """Send one message; the number sent (0 or 1) is the task's result."""
    return message_from_data(data).send()


def queue_email(message: EmailMessage) -> None:
    """Send ``message`` in the background.

    With the database task backend the queued task is a row written in the current
    transaction, so a change that is rolled back takes its message with it."""
    send_email_task.enqueue(message_data(message))
