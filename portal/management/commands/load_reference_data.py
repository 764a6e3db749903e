"""Load the reference data that ships with the portal, and create the page tree."""

from django.core.management.base import BaseCommand

from contracts.reference import ensure_agenda_index, load_cpv_divisions
from portal.site_structure import ensure_site_structure
from taxonomy.reference import load_taxonomy, read_reference_file
from workstreams.reference import load_workstreams


class Command(BaseCommand):
    help = (
        "Create the pillars, maturity ladder, value codes, councils, workstreams and the "
        "site's page tree where missing. Safe to run again: editors' changes are kept."
    )

    def handle(self, *args, **options) -> None:
        data = read_reference_file()
        created = load_taxonomy(data)
        created["workstreams"] = load_workstreams(data)
        home = ensure_site_structure()
        created["CPV divisions"] = load_cpv_divisions()
        ensure_agenda_index(home)
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Reference data ready (created {summary})."))
