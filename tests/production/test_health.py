"""GET /healthz: database, cache, search engine and task queue, as JSON, 200 or 503."""

from __future__ import annotations

import datetime
import os
import socket

from django.conf import settings
from django.test import override_settings
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from members.mail import send_email_task
from portal.settings.env import cache_settings, task_settings

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_healthy_embedded_site_answers_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": {"ok": True, "engine": "sqlite" if "sqlite" in db_engine() else "postgresql"},
        "cache": {"ok": True, "backend": "local memory"},
        "search": {"ok": True, "engine": "database"},
        "tasks": {"ok": True, "backend": "immediate"},
    }


def db_engine() -> str:
    return settings.DATABASES["default"]["ENGINE"]


def test_an_unreachable_cache_fails_the_check_without_saying_where_it_is(client):
    url = f"redis://:secret-password@127.0.0.1:{closed_port()}/0"
    with override_settings(CACHES=cache_settings(url)):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}
    assert body["checks"]["database"]["ok"] is True
    assert "secret-password" not in response.text and "127.0.0.1" not in response.text


@override_settings(TASKS=task_settings("database"), HEALTH_TASK_WAIT_LIMIT=600)
def test_the_task_check_fails_when_work_has_waited_too_long(client):
    send_email_task.enqueue(
        {
            "subject": "s",
            "body": "b",
            "from_email": "a@example.org",
            "to": ["b@example.org"],
            "cc": [],
            "bcc": [],
            "reply_to": [],
            "headers": {},
            "content_subtype": "plain",
            "alternatives": [],
        }
    )
    fresh = client.get("/healthz")
    assert fresh.status_code == 200
    assert fresh.json()["checks"]["tasks"]["waiting"] == 1

    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=20))
    stale = client.get("/healthz")
    assert stale.status_code == 503
    tasks = stale.json()["checks"]["tasks"]
    assert tasks["ok"] is False and tasks["waiting"] == 1
    assert tasks["oldest_waiting_seconds"] >= 20 * 60


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set")
def test_a_redis_cache_is_checked(client):
    with override_settings(CACHES=cache_settings(os.environ["TEST_REDIS_URL"], "healthz-test")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["cache"] == {"ok": True, "backend": "redis"}


def test_only_get_is_answered(client):
    assert client.post("/healthz").status_code == 405
