"""Load demonstration content: knowledge items, diagnostic rounds and contract data."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from casestudies.importers import KnowledgeImportError, import_knowledge_file
from contracts.demo import load_demo_contracts
from diagnostics.demo import load_demo_round

DEMO_KNOWLEDGE = settings.BASE_DIR / "casestudies" / "data" / "demo_knowledge.jsonl"


class Command(BaseCommand):
    help = "Load the demo knowledge items and diagnostic rounds. Safe to run again."

    def handle(self, *args, **options) -> None:
        call_command("load_reference_data", stdout=self.stdout)
        try:
            result = import_knowledge_file(DEMO_KNOWLEDGE)
        except KnowledgeImportError as exc:
            raise CommandError("The demo content is invalid:\n" + "\n".join(exc.lines()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo knowledge: {result.created} created, {result.updated} updated."
            )
        )
        rounds = load_demo_round()
        names = ", ".join(diagnostic_round.name for diagnostic_round in rounds)
        self.stdout.write(self.style.SUCCESS(f"Demo diagnostic rounds: {names}."))
        added = load_demo_contracts()
        self.stdout.write(self.style.SUCCESS(f"Demo contract data: {added} releases added."))
