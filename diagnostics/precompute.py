"""A round's per-council figures, worked out once when the round is imported.

A national round holds millions of ``Response`` rows; grouping them takes seconds, far too
long for a page. So the importer, in the import's own transaction, condenses them into
``CouncilScore`` (one row per council and value code: the scores counted per level, their
mean, the aspiration and the priority) and ``CouncilRespondents`` (people per council), and
``stats`` works every figure out from those few thousand rows. Deleting a round, council or
value code cascades to them; any other change to a round's rows goes through the importer."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps as installed_apps
from django.db.models import Count, Q

SCORES = (1, 2, 3, 4, 5)


def mean_of(counts: dict[int, int]) -> float | None:
    """The mean score from how many times each score was given (None when none was)."""
    answered = sum(counts.values())
    if not answered:
        return None
    return sum(score * n for score, n in counts.items()) / answered


def refresh_figures(round_id: int, get_model: Callable = installed_apps.get_model) -> int:
    """Write the round's ``CouncilScore`` and ``CouncilRespondents`` rows afresh.

    Two grouped queries over its responses and two reads of its aspirations and
    priorities, whatever the round's size. ``get_model`` lets a migration pass its own
    historical models. Returns the number of ``CouncilScore`` rows written."""

    def model(name: str):
        return get_model("diagnostics", name)

    Response, CouncilScore = model("Response"), model("CouncilScore")
    CouncilScore.objects.filter(round_id=round_id).delete()
    model("CouncilRespondents").objects.filter(round_id=round_id).delete()
    responses = Response.objects.filter(round_id=round_id).order_by()
    rows: dict[tuple[int, int], dict] = {}

    def row(value_code_id: int, council_id: int) -> dict:
        return rows.setdefault((value_code_id, council_id), {})

    grouped = responses.values("value_code", "council").annotate(
        n=Count("score"), **{f"d{s}": Count("score", filter=Q(score=s)) for s in SCORES}
    )
    for group in grouped:
        counts = {s: group[f"d{s}"] for s in SCORES}
        row(group["value_code"], group["council"]).update(
            respondents=group["n"],
            score=mean_of(counts),
            **{f"scored_{s}": n for s, n in counts.items()},
        )
    aspirations = model("Aspiration").objects.filter(round_id=round_id)
    for value_code_id, council_id, aspiration in aspirations.values_list(
        "value_code", "council", "aspiration"
    ):
        row(value_code_id, council_id)["aspiration"] = aspiration
    priorities = model("Priority").objects.filter(round_id=round_id)
    for value_code_id, council_id in priorities.values_list("value_code", "council"):
        row(value_code_id, council_id)["priority"] = True

    CouncilScore.objects.bulk_create(
        [
            CouncilScore(round_id=round_id, value_code_id=v, council_id=c, **fields)
            for (v, c), fields in rows.items()
        ],
        batch_size=2000,
    )
    people = responses.values("council").annotate(n=Count("respondent", distinct=True))
    model("CouncilRespondents").objects.bulk_create(
        [
            model("CouncilRespondents")(
                round_id=round_id, council_id=p["council"], respondents=p["n"]
            )
            for p in people
        ],
        batch_size=2000,
    )
    return len(rows)
