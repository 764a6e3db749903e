"""The importer: formats, name matching, every error reported, all-or-nothing."""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction

import pytest

from diagnostics.demo import SUMMARY_FILE
from diagnostics.importers import DiagnosticImportError, import_round, parse_aspiration, writing
from diagnostics.models import Aspiration, DiagnosticRound, Invitation, Priority, Response
from taxonomy.models import Council, ValueCode

from .conftest import csv_file, xlsx_file

LONG = """
respondent,council,value_code,score
r1,Luton,Sourcing,3
r1,Luton,Data quality,
r2, luton ,sourcing,5
r3,Harlow,SOURCING,2
"""


@pytest.mark.django_db
def test_long_responses_with_bom_and_loose_names(reference_data):
    result = import_round(
        "r-2025", "Round 2025", responses=csv_file("responses.csv", LONG, bom=True)
    )
    assert result.created
    assert result.response_format == "long"
    assert result.counts == {"responses": 4}
    rows = Response.objects.filter(round=result.round)
    assert rows.count() == 4
    assert rows.filter(score__isnull=True).count() == 1
    assert set(rows.values_list("council__slug", flat=True)) == {"luton", "harlow"}


@pytest.mark.django_db
def test_wide_responses_by_name_or_slug(reference_data):
    text = """
respondent,council,Sourcing,data-quality
a,Luton,3,4
b,Stevenage,,5
"""
    result = import_round("wide", responses=csv_file("wide.csv", text))
    assert result.response_format == "wide"
    assert result.round.name == "Wide"
    scores = dict(Response.objects.filter(respondent="b").values_list("value_code__slug", "score"))
    assert scores == {"sourcing": None, "data-quality": 5}


@pytest.mark.django_db
def test_xlsx_files(reference_data):
    responses = xlsx_file(
        "responses.xlsx",
        [["respondent", "council", "value_code", "score"], ["x", "Luton", "Sourcing", 4.0]],
    )
    aspirations = xlsx_file(
        "aspirations.xlsx", [["council", "value_code", "aspiration"], ["Luton", "Sourcing", 4.5]]
    )
    result = import_round("x", responses=responses, aspirations=aspirations)
    assert Response.objects.get(round=result.round).score == 4
    assert str(Aspiration.objects.get(round=result.round).aspiration) == "4.5"


@pytest.mark.django_db
def test_every_error_is_listed_and_nothing_changes(reference_data):
    import_round("keep", responses=csv_file("ok.csv", LONG))
    before = Response.objects.count()
    bad = """
respondent,council,value_code,score
r1,Lutn,Sourcing,3
r2,Luton,Sorcing,3
r3,Luton,Sourcing,6
r4,Luton,Sourcing,2
r4,Luton,Sourcing,3
r5,Luton,Data quality,2.5
"""
    priorities = "council,value_code\n" + "\n".join(
        f"Harlow,{name}"
        for name in [
            "Sourcing", "Data quality", "Data accessibility", "Risk assessment", "Air pollution",
            "Ethical behaviour", "Integrated policy", "Internal communication",
            "Community reporting", "Core goal alignment", "Sphere of influence",
        ]
    )  # fmt: skip
    with pytest.raises(DiagnosticImportError) as caught:
        import_round(
            "keep",
            responses=csv_file("bad.csv", bad),
            priorities=csv_file("priorities.csv", priorities),
            aspirations=csv_file("asp.csv", "council,value_code,aspiration\nLuton,Sourcing,3.3"),
        )
    lines = caught.value.lines()
    assert "bad.csv, line 2, column council: unknown council 'Lutn'; did you mean 'Luton'?" in lines
    assert any(
        line.startswith("bad.csv, line 3, column value_code: unknown value code 'Sorcing'")
        and "did you mean 'Sourcing'" in line
        for line in lines
    )
    assert any(line.startswith("bad.csv, line 4, column score:") for line in lines)
    assert any(
        line.startswith("bad.csv, line 6, column value_code:") and "already scored" in line
        for line in lines
    )
    assert any(line.startswith("bad.csv, line 7, column score:") for line in lines)
    assert any(
        line.startswith("priorities.csv, line 12, column council: Harlow chose 11 priorities")
        for line in lines
    )
    assert any(line.startswith("asp.csv, line 2, column aspiration:") for line in lines)
    assert Response.objects.count() == before
    assert not Priority.objects.exists()
    assert not Aspiration.objects.exists()


@pytest.mark.django_db
def test_failed_first_import_leaves_no_round(reference_data):
    with pytest.raises(DiagnosticImportError):
        import_round("new", responses=csv_file("r.csv", "respondent,council\nr1,Nowhere"))
    assert not DiagnosticRound.objects.filter(slug="new").exists()


@pytest.mark.django_db
def test_missing_columns_and_unreadable_files(reference_data):
    with pytest.raises(DiagnosticImportError) as caught:
        import_round(
            "m",
            aspirations=csv_file("a.csv", "council,aspiration\nLuton,3"),
            invited=csv_file("i.csv", "council,invited\nLuton,\xe9"),
        )
    lines = caught.value.lines()
    assert lines[0].startswith("i.csv, line 2, column invited:")
    assert lines[1].startswith("a.csv, line 1: missing column(s) value_code")

    latin1 = csv_file("l.csv", "")
    latin1.write(b"council,invited\nSt\xe9venage,3\n")
    with pytest.raises(DiagnosticImportError) as caught:
        import_round("m", invited=latin1)
    assert "cannot be read" in caught.value.lines()[0]


@pytest.mark.django_db
def test_same_respondent_two_councils_and_wide_duplicates(reference_data):
    text = """
respondent,council,Sourcing
a,Luton,3
a,Harlow,4
"""
    with pytest.raises(DiagnosticImportError) as caught:
        import_round("d", responses=csv_file("w.csv", text))
    assert "line 3, column respondent" in caught.value.lines()[0]


@pytest.mark.django_db
def test_reimport_replaces_the_kinds_supplied(reference_data):
    import_round(
        "again",
        responses=csv_file("r.csv", LONG),
        invited=csv_file("i.csv", "council,invited\nLuton,10"),
    )
    import_round("again", responses=csv_file("r.csv", "respondent,council,Sourcing\nz,Harlow,1"))
    assert list(Response.objects.values_list("respondent", flat=True)) == ["z"]
    assert Invitation.objects.get().invited == 10


def test_aspiration_halves():
    assert parse_aspiration("3.5")[1] is None
    assert parse_aspiration("3.25")[1] is not None
    assert parse_aspiration("0.5")[1] is not None


@pytest.mark.django_db
def test_summary_ignores_other_columns(reference_data):
    result = import_round("s", summary=SUMMARY_FILE)
    assert result.counts == {"summary": 30}


def _long_file(rows: list[str]):
    return csv_file("r.csv", "\n".join(["respondent,council,value_code,score", *rows]))


@pytest.mark.django_db
def test_scores_are_written_in_several_batches(reference_data, monkeypatch):
    monkeypatch.setattr(writing, "BATCH_SIZE", 3)
    rows = [f"r{n},Luton,Sourcing,{n % 5 + 1}" for n in range(10)]
    result = import_round("batches", responses=_long_file(rows))
    scores = Response.objects.filter(round=result.round).order_by("respondent")
    assert [s for _r, s in scores.values_list("respondent", "score")] == [
        n % 5 + 1 for n in sorted(range(10), key=lambda n: f"r{n}")
    ]


@pytest.mark.django_db
def test_a_problem_after_batches_were_sent_keeps_nothing(reference_data, monkeypatch):
    monkeypatch.setattr(writing, "BATCH_SIZE", 3)
    rows = [f"r{n},Luton,Sourcing,3" for n in range(10)] + ["r99,Lutn,Sourcing,3"]
    with pytest.raises(DiagnosticImportError) as caught:
        import_round("late-problem", responses=_long_file(rows))
    assert caught.value.lines()[0].startswith("r.csv, line 12, column council: unknown council")
    assert not Response.objects.exists()
    assert not DiagnosticRound.objects.filter(slug="late-problem").exists()


@pytest.mark.django_db
def test_deleting_a_council_value_code_or_round_deletes_its_scores(reference_data):
    result = import_round("cascade", responses=csv_file("r.csv", LONG))
    Council.objects.get(slug="harlow").delete()
    assert set(Response.objects.values_list("respondent", flat=True)) == {"r1", "r2"}
    ValueCode.objects.get(slug="data-quality").delete()
    assert Response.objects.count() == 2
    result.round.delete()
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_to_leave_scores_without_their_round_council_or_code(
    reference_data,
):
    if connection.vendor != "postgresql":
        pytest.skip("the guarding triggers are PostgreSQL's")
    result = import_round("guarded", responses=csv_file("r.csv", LONG))
    targets = [
        ("taxonomy_council", Council.objects.get(slug="harlow").pk),
        ("taxonomy_valuecode", ValueCode.objects.get(slug="sourcing").pk),
        ("diagnostics_diagnosticround", result.round.pk),
    ]
    for table, pk in targets:
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608
    assert Response.objects.count() == 4


@pytest.mark.django_db
def test_a_damaged_workbook_or_a_bad_line_is_reported_with_the_other_problems(reference_data):
    damaged = xlsx_file("damaged.xlsx", [["council", "invited"], ["Luton", 3]])
    damaged.truncate(len(damaged.getvalue()) // 2)
    latin1 = csv_file("asp.csv", "council,value_code,aspiration\nLutn,Sourcing,3")
    latin1.seek(0, 2)
    latin1.write(b"St\xe9venage,Sourcing,3\r\n")
    with pytest.raises(DiagnosticImportError) as caught:
        import_round("damaged", invited=damaged, aspirations=latin1)
    lines = caught.value.lines()
    assert lines[0].startswith("damaged.xlsx: cannot be read as an XLSX workbook")
    assert (
        lines[1] == "asp.csv, line 2, column council: unknown council 'Lutn'; did you mean 'Luton'?"
    )
    assert lines[2].startswith("asp.csv, line 3: cannot be read: it is not UTF-8 text")
    assert not DiagnosticRound.objects.filter(slug="damaged").exists()


@pytest.mark.django_db
def test_names_and_headings_match_whatever_their_punctuation(reference_data):
    text = "Respondent,Council,Value-Code,Score\nr1,LUTON,data_quality,4\nr2,luton.,Data quality,3"
    result = import_round("punctuation", responses=csv_file("r.csv", text))
    assert result.counts == {"responses": 2}
    assert set(Response.objects.values_list("value_code__slug", flat=True)) == {"data-quality"}
