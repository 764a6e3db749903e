"""Rebuild the faceting index of the configured external search engine."""

from django.core.management.base import BaseCommand

from search.engines import get_engine


class Command(BaseCommand):
    help = (
        "Re-index every live knowledge page in the external search engine (OpenSearch or "
        "Elasticsearch). The database engine needs no rebuild: use Wagtail's update_index."
    )

    def handle(self, *args, **options) -> None:
        engine = get_engine()
        if engine.name == "database":
            self.stdout.write("SEARCH_ENGINE is database: nothing to rebuild here.")
            return
        count = engine.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} knowledge pages in {engine.name}."))
