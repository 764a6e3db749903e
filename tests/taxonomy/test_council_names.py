"""Councils typed in words: by name, slug or a name they go by in contract data."""

from __future__ import annotations

import pytest

from taxonomy.council_names import UnknownCouncils, find_councils, split_entries, suggest_councils
from taxonomy.forms import CouncilNamesField
from taxonomy.models import Council, CouncilKnownName

pytestmark = pytest.mark.django_db


@pytest.fixture
def bristol(reference_data):
    return Council.objects.create(name="Bristol, City of", slug="bristol")


def slugs(councils: list[Council]) -> list[str]:
    return [council.slug for council in councils]


def test_names_slugs_and_known_names_in_the_order_typed_each_once(reference_data):
    luton = Council.objects.get(slug="luton")
    CouncilKnownName.objects.create(council=luton, scheme="GB-GOR", value="E06000032")
    typed = "north-hertfordshire\n  HARLOW ;luton borough council\nE06000032, Harlow\n\n"
    assert slugs(find_councils(typed)) == ["north-hertfordshire", "harlow", "luton"]
    assert slugs(find_councils("GB-GOR-E06000032")) == ["luton"]


def test_every_unknown_entry_is_named_at_once(reference_data):
    with pytest.raises(UnknownCouncils) as refused:
        find_councils("Harlow, Lutton\nAtlantis; Hertsmere")
    assert refused.value.entries == ["Lutton", "Atlantis"]


def test_a_name_with_a_comma_is_kept_whole_on_its_own_line(bristol):
    assert slugs(find_councils("Bristol, City of\nHarlow, Luton")) == [
        "bristol",
        "harlow",
        "luton",
    ]
    assert split_entries("Bristol, City of") == ["Bristol", "City of"]


def test_the_field_cleans_to_councils_and_shows_them_by_name(reference_data):
    field = CouncilNamesField()
    assert slugs(field.clean("harlow, luton")) == ["harlow", "luton"]
    assert field.prepare_value(list(Council.objects.filter(slug="luton"))) == "Luton"
    with pytest.raises(Exception) as refused:
        field.clean("Harlow\nAtlantis")
    assert "No council is called ‘Atlantis’" in str(refused.value)
    one = CouncilNamesField(multiple=False)
    assert one.clean("Hertsmere").slug == "hertsmere"
    with pytest.raises(Exception) as refused:
        one.clean("Harlow, Luton")
    assert "Name one council" in str(refused.value)


def test_the_councils_are_read_in_a_fixed_number_of_queries(
    reference_data, django_assert_num_queries
):
    for n in range(50):
        Council.objects.create(name=f"Zedshire {n}", slug=f"zedshire-{n}")
    with django_assert_num_queries(3):
        find_councils("Zedshire 1, zedshire-2\nHarlow")


def test_suggestions_are_a_few_councils_starting_with_what_was_typed(reference_data):
    luton = Council.objects.get(slug="luton")
    CouncilKnownName.objects.create(council=luton, scheme="", value="Borough of Luton")
    for n in range(15):
        Council.objects.create(name=f"Zedshire {n:02}", slug=f"zedshire-{n:02}")
    assert slugs(suggest_councils("hert")) == [
        "east-hertfordshire",
        "hertsmere",
        "north-hertfordshire",
    ]
    assert slugs(suggest_councils("borough of")) == ["luton"]
    assert len(suggest_councils("zedshire")) == 10
    assert suggest_councils("h") == []
