"""The demo contract data loads, makes the register alive, and loads again unchanged."""

from __future__ import annotations

import pytest

from contracts.demo import load_demo_contracts
from contracts.models import Contract, Release

pytestmark = pytest.mark.django_db


def test_the_demo_data_makes_the_register_alive_and_loads_once(client, councils):
    assert load_demo_contracts() > 400
    rows = (Release.objects.count(), Contract.objects.count())
    assert load_demo_contracts() == 0
    assert (Release.objects.count(), Contract.objects.count()) == rows
    text = client.get("/suppliers/?year=2024").content.decode()
    assert "trade with at least 90% of the councils with data" in text
    assert "13 councils with data" in text
