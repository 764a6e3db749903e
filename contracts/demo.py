"""Invented contract data for the demo: an OCDS release package for each of the 13 councils.

The same seed always gives the same data, so loading the demo again changes nothing. The
data has what real publications have: common contractors trading with most councils under
several spellings of their names, Companies House numbers some councils leave out, local
small firms and charities, amendments that change an award's value, awards still pending or
cancelled by a later release, and the odd award in euros."""

from __future__ import annotations

import io
import json
import random

from taxonomy.models import Council

from .importers import import_contracts

SEED = 2024
YEARS = (2023, 2024)

# (name, Companies House number, scale, CPV code, typical award in pounds, VCSE)
COMMON = [
    ("Eastern Waste Services Ltd", "05550001", "large", "90511000", 900_000, False),
    ("Anglia Highways Maintenance Ltd", "04120345", "large", "45233141", 650_000, False),
    ("Civic IT Solutions PLC", "03987654", "large", "72000000", 240_000, False),
    ("Regional Facilities Management Ltd", "06781234", "large", "79993000", 310_000, False),
    ("Greenleaf Grounds Ltd", "08812345", "medium", "77310000", 120_000, False),
    ("Counties Legal Partners LLP", "OC345678", "medium", "79100000", 60_000, False),
    ("Northgate Payroll Services Ltd", "02234567", "large", "79211100", 85_000, False),
    ("Fleetline Vehicle Hire Ltd", "07654321", "medium", "34100000", 140_000, False),
    ("Shared Print and Post Ltd", "09123456", "small", "79800000", 25_000, False),
    ("East of England Energy Supply Ltd", "06543210", "large", "09310000", 420_000, False),
]
LOCAL_TRADES = [
    ("Building Repairs", "50700000", 18_000),
    ("Catering", "55520000", 12_000),
    ("Tree Surgery", "77211400", 9_000),
    ("Signs and Printing", "22458000", 4_000),
    ("Electrical Contractors", "45310000", 22_000),
    ("Cleaning Services", "90910000", 15_000),
]
VCSE = [
    ("Community Transport Trust", "60130000", 30_000),
    ("Youth and Play Association", "92000000", 16_000),
    ("Home Support Charity", "85312000", 45_000),
]
TOWNS = {
    "babergh-mid-suffolk": ("Stowmarket", "IP14"),
    "east-hertfordshire": ("Hertford", "SG14"),
    "great-yarmouth": ("Gorleston", "NR31"),
    "harlow": ("Harlow", "CM20"),
    "hertsmere": ("Borehamwood", "WD6"),
    "kings-lynn-west-norfolk": ("Downham", "PE38"),
    "luton": ("Luton", "LU2"),
    "north-hertfordshire": ("Hitchin", "SG5"),
    "norwich-city": ("Norwich", "NR3"),
    "peterborough": ("Peterborough", "PE1"),
    "south-cambridgeshire": ("Cambourne", "CB23"),
    "south-norfolk-and-broadland": ("Wymondham", "NR18"),
    "stevenage": ("Stevenage", "SG1"),
}


def _spelling(name: str, chooser: random.Random) -> str:
    """One of the ways councils write a company's name."""
    variants = [
        name,
        name.upper(),
        name.replace(" Ltd", " Limited"),
        name.replace(" Ltd", "").replace(" PLC", "").replace(" LLP", ""),
        name.replace(" Ltd", " Ltd."),
    ]
    return chooser.choice(variants)


def _party(pid: str, name: str, number: str | None, scale: str, postcode: str, vcse: bool):
    party = {"id": pid, "name": name, "roles": ["supplier"], "address": {"postalCode": postcode}}
    if number:
        party["identifier"] = {"scheme": "GB-COH", "id": number}
    details = {"scale": scale} if scale else {}
    if vcse:
        details["vcse"] = True
    if details:
        party["details"] = details
    return party


def council_package(council: Council, buyer_name: str, chooser: random.Random) -> dict:
    """A release package of one council's contracting processes over the demo years."""
    town, district = TOWNS.get(council.slug, (council.name, "ZZ1"))
    leaves_out_numbers = chooser.random() < 0.3
    releases = []
    process = 0

    def add(name, number, scale, cpv, typical, vcse, postcode, year):
        nonlocal process
        process += 1
        ocid = f"ocds-demo-{council.slug}-{year}-{process:03d}"
        month = chooser.randint(1, 11)
        amount = round(typical * chooser.uniform(0.6, 1.5), -2)
        shown = _spelling(name, chooser)
        given = None if (leaves_out_numbers or chooser.random() < 0.15) else number
        party = _party("supplier-1", shown, given, scale, postcode, vcse)
        buyer = {"id": "buyer", "name": buyer_name}
        award_date = f"{year}-{month:02d}-15T10:00:00Z"
        tender = {
            "id": f"{ocid}-tender",
            "title": f"{name.split(' Ltd')[0]} contract",
            "items": [{"id": "1", "classification": {"scheme": "CPV", "id": cpv}}],
        }
        status = "pending" if chooser.random() < 0.05 else "active"
        currency = "EUR" if chooser.random() < 0.01 else "GBP"
        releases.append(
            {
                "ocid": ocid,
                "id": f"{ocid}-award",
                "date": award_date,
                "tag": ["award"],
                "initiationType": "tender",
                "buyer": buyer,
                "parties": [{**buyer, "roles": ["buyer"]}, party],
                "tender": tender,
                "awards": [
                    {
                        "id": "1",
                        "status": status,
                        "date": award_date,
                        "value": {"amount": amount, "currency": currency},
                        "suppliers": [{"id": "supplier-1", "name": shown}],
                    }
                ],
            }
        )
        change = chooser.random()
        if change < 0.15:
            # A later release amends the value (a contract variation).
            releases.append(
                {
                    "ocid": ocid,
                    "id": f"{ocid}-amendment",
                    "date": f"{year}-{month:02d}-28T10:00:00Z",
                    "tag": ["awardUpdate"],
                    "awards": [
                        {
                            "id": "1",
                            "value": {"amount": round(amount * 1.2, -2), "currency": currency},
                        }
                    ],
                }
            )
        elif change < 0.18:
            releases.append(
                {
                    "ocid": ocid,
                    "id": f"{ocid}-cancellation",
                    "date": f"{year}-{month:02d}-28T10:00:00Z",
                    "tag": ["awardCancellation"],
                    "awards": [{"id": "1", "status": "cancelled"}],
                }
            )

    for year in YEARS:
        for name, number, scale, cpv, typical, vcse in COMMON:
            if chooser.random() < 0.96:
                add(name, number, scale, cpv, typical, vcse, "CB1 2AB", year)
        for trade, cpv, typical in LOCAL_TRADES:
            if chooser.random() < 0.8:
                number = f"1{chooser.randint(1000000, 9999999)}"
                scale = chooser.choice(["micro", "small", "small", "medium", ""])
                postcode = f"{district} {chooser.randint(1, 9)}AB"
                add(f"{town} {trade} Ltd", number, scale, cpv, typical, False, postcode, year)
        for charity, cpv, typical in VCSE:
            if chooser.random() < 0.6:
                postcode = f"{district} {chooser.randint(1, 9)}CD"
                add(f"{town} {charity}", None, "micro", cpv, typical, True, postcode, year)
    return {
        "uri": f"https://example.org/demo/{council.slug}.json",
        "version": "1.1",
        "publishedDate": "2025-01-31T00:00:00Z",
        "publisher": {"name": buyer_name},
        "releases": releases,
    }


class _Named(io.BytesIO):
    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def load_demo_contracts() -> int:
    """Import the demo packages (one per council); returns how many releases were added."""
    chooser = random.Random(SEED)
    added = 0
    for council in Council.objects.prefetch_related("known_names").order_by("slug"):
        names = [known.value for known in council.known_names.all() if not known.scheme]
        buyer_name = names[0] if names else council.name
        package = council_package(council, buyer_name, chooser)
        data = json.dumps(package).encode("utf-8")
        result = import_contracts(_Named(data, f"demo-{council.slug}.json"))
        added += result.created
    return added
