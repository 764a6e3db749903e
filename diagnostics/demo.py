"""Demonstration rounds: the region's published 2024 summary, and a made-up respondent-level
pilot round so council views and river charts have something to show.

Both go through the importer, exactly as an editor's files would. Loading is idempotent:
running it again replaces each round's data with the same figures."""

from __future__ import annotations

import csv
import datetime
import io
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from taxonomy.models import Council, ValueCode

from .importers import import_round
from .models import DiagnosticRound, RoundVisibility

DATA_DIR = Path(__file__).resolve().parent / "data"
SUMMARY_FILE = DATA_DIR / "eoe_2024_summary.csv"
SUMMARY_SLUG = "east-of-england-2024"
PILOT_SLUG = "east-of-england-2025-pilot"
SEED = 2025


class NamedBytes(io.BytesIO):
    """An in-memory file with a name, so the importer can report where problems are."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def _csv(name: str, header: list[str], rows: list[list]) -> NamedBytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return NamedBytes(text.getvalue().encode("utf-8"), name)


def _published_scores() -> dict[str, tuple[float, int]]:
    """Value code name -> (2024 regional score, 2024 priority votes), from the shipped summary."""
    with SUMMARY_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["value_code"].strip().casefold(): (
                float(row["regional_score"]),
                int(row["regional_priority_votes"]),
            )
            for row in csv.DictReader(handle)
        }


def pilot_files(seed: int = SEED) -> dict[str, NamedBytes]:
    """Made-up but plausible pilot files: responses (wide), aspirations, priorities, invited."""
    rng = random.Random(seed)
    councils = list(Council.objects.order_by("name"))
    value_codes = list(ValueCode.objects.order_by("pillar__order", "name"))
    published = _published_scores()
    base = {vc.pk: published.get(vc.name.casefold(), (2.4, 2)) for vc in value_codes}

    responses, aspirations, priorities, invited = [], [], [], []
    for number, council in enumerate(councils):
        lean = rng.gauss(0, 0.45)
        count = rng.randint(5, 16)
        invited.append([council.name, count + rng.randint(2, 12)])
        for person in range(count):
            personal = rng.gauss(0, 0.35)
            row = [f"P25-{number + 1:02d}-{person + 1:02d}", council.name]
            for vc in value_codes:
                if rng.random() < 0.05:
                    row.append("")
                    continue
                mean = base[vc.pk][0] + 0.2 + lean + personal
                row.append(min(5, max(1, round(rng.gauss(mean, 0.7)))))
            responses.append(row)
        if number % 4 != 3:
            for vc in value_codes:
                target = base[vc.pk][0] + 0.2 + lean + rng.uniform(0.4, 1.6)
                halves = Decimal(str(target * 2)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                aspirations.append([council.name, vc.name, min(Decimal(5), max(1, halves / 2))])
        if number % 6 != 5:
            weights = [base[vc.pk][1] + 1 for vc in value_codes]
            chosen: list[ValueCode] = []
            while len(chosen) < 10:
                pick = rng.choices(value_codes, weights=weights)[0]
                if pick not in chosen:
                    chosen.append(pick)
            priorities.extend([council.name, vc.slug] for vc in chosen)

    header = ["respondent", "council", *(vc.name for vc in value_codes)]
    return {
        "responses": _csv("pilot-responses.csv", header, responses),
        "aspirations": _csv(
            "pilot-aspirations.csv", ["council", "value_code", "aspiration"], aspirations
        ),
        "priorities": _csv("pilot-priorities.csv", ["council", "value_code"], priorities),
        "invited": _csv("pilot-invited.csv", ["council", "invited"], invited),
    }


def load_demo_round() -> list[DiagnosticRound]:
    """Import (or re-import) both demonstration rounds. Needs the reference data loaded."""
    summary = import_round(
        SUMMARY_SLUG, "East of England 2024", summary=SUMMARY_FILE, visibility="public"
    ).round
    summary.opened_on, summary.closed_on = datetime.date(2024, 1, 22), datetime.date(2024, 2, 16)
    summary.description = (
        "The region's first responsible procurement diagnostic, thirteen councils taking part. "
        "Only the published regional summary is held, so there are no council-level figures."
    )
    summary.save()

    pilot = import_round(
        PILOT_SLUG,
        "East of England 2025 pilot (demonstration data)",
        visibility=RoundVisibility.MEMBERS,
        **pilot_files(),
    ).round
    pilot.opened_on, pilot.closed_on = datetime.date(2025, 1, 20), datetime.date(2025, 2, 14)
    pilot.description = (
        "Invented respondent-level results for demonstrating council views and charts. "
        "These are not real scores from any council."
    )
    pilot.save()
    return [summary, pilot]
