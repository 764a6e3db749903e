"""Writes a large, made-up diagnostic round for benchmarking the importer.

    python bench/diagnostics_generate.py --councils 400 --respondents 200 --out bench/out

Councils are named "Bench Council 001" and so on; the value codes are read from the
shipped reference data, so the files import into any database that has loaded it."""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VALUE_CODES = ROOT / "taxonomy" / "data" / "value_codes.json"


def council_names(count: int) -> list[str]:
    return [f"Bench Council {n:03d}" for n in range(1, count + 1)]


def value_code_names() -> list[str]:
    with VALUE_CODES.open(encoding="utf-8") as handle:
        return [row["name"] for row in json.load(handle)]


def generate(
    out: Path, councils: int, respondents: int, form: str = "long", seed: int = 1
) -> dict[str, Path]:
    """Write responses (long or wide), aspirations, priorities and invited files."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    codes = value_code_names()
    names = council_names(councils)
    paths = {
        kind: out / f"bench-{kind}.csv"
        for kind in ("responses", "aspirations", "priorities", "invited")
    }
    with paths["responses"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if form == "long":
            writer.writerow(["respondent", "council", "value_code", "score"])
        else:
            writer.writerow(["respondent", "council", *codes])
        for c, council in enumerate(names):
            lean = rng.uniform(-0.8, 0.8)
            for r in range(respondents):
                respondent = f"b{c:03d}-{r:03d}"
                scores = [
                    "" if rng.random() < 0.03 else min(5, max(1, round(rng.gauss(2.5 + lean, 0.9))))
                    for _ in codes
                ]
                if form == "long":
                    writer.writerows(
                        [respondent, council, code, score]
                        for code, score in zip(codes, scores, strict=True)
                    )
                else:
                    writer.writerow([respondent, council, *scores])
    with paths["aspirations"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["council", "value_code", "aspiration"])
        for council in names:
            writer.writerows([council, code, rng.choice([3, 3.5, 4, 4.5])] for code in codes)
    with paths["priorities"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["council", "value_code"])
        for council in names:
            writer.writerows([council, code] for code in rng.sample(codes, 10))
    with paths["invited"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["council", "invited"])
        writer.writerows([council, respondents + rng.randint(0, 50)] for council in names)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--respondents", type=int, default=200, help="per council")
    parser.add_argument("--format", choices=["long", "wide"], default="long")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for kind, path in generate(
        args.out, args.councils, args.respondents, args.format, args.seed
    ).items():
        print(f"{kind}: {path}")


if __name__ == "__main__":
    main()
