"""Seed the domain's synonym groups. Editors can change them afterwards in the admin."""

from django.db import migrations

GROUPS = [
    (
        "SME, SMEs, small and medium-sized enterprises, small and medium enterprises, small business",
        "Acronym used throughout procurement policy.",
    ),
    (
        "VCSE, voluntary community and social enterprise, voluntary sector, third sector",
        "Acronym for charities, community groups and social enterprises.",
    ),
    (
        "net zero, carbon emissions, decarbonisation, carbon reduction",
        "Climate goals described in different words.",
    ),
    (
        "social value, TOMs, themes outcomes and measures",
        "The National TOMs framework measures social value.",
    ),
    ("circular economy, upcycling, reuse, re-use", "Keeping materials in use."),
    ("modern slavery, forced labour, labour exploitation", "Ethical supply chain risks."),
    ("local spend, local supply chain, spend with local suppliers", "Keeping money local."),
    ("procurement act, procurement act 2023, PA23", "The legislation in force from February 2025."),
    ("KPI, KPIs, key performance indicator, key performance indicators", "Contract measures."),
    ("EDI, equality diversity and inclusion, equality and diversity", "Fair work and inclusion."),
    ("real living wage, living wage, fair pay", "Fair work commitments."),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    existing = {terms.lower() for terms in Synonym.objects.values_list("terms", flat=True)}
    for terms, note in GROUPS:
        if terms.lower() not in existing:
            Synonym.objects.create(terms=terms, note=note)


def unseed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.filter(terms__in=[terms for terms, _ in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
