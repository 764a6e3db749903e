"""What the search benchmarks share: the databases they run on and the content they load.

``bench/search_bench.py`` and ``bench/relevance.py`` each run one worker process per
database (Django is set up once per process): a scratch SQLite file under ``bench/out``
always, and the PostgreSQL database of ``DATABASE_URL`` when it names one, which is emptied.
OpenSearch, when its address is given, runs in the SQLite worker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def databases(
    out: Path, scratch_name: str, opensearch_url: str, sqlite: bool = True, keep: bool = False
) -> list[tuple[str, str]]:
    """(database URL, OpenSearch URL) for each worker; the scratch SQLite file is removed
    unless ``keep``. Without ``sqlite`` only PostgreSQL runs, with OpenSearch beside it."""
    out.mkdir(parents=True, exist_ok=True)
    scratch = out / scratch_name
    if not keep:
        scratch.unlink(missing_ok=True)
    found = [(f"sqlite:///{scratch}", opensearch_url)] if sqlite else []
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        found.append((os.environ["DATABASE_URL"], "" if sqlite else opensearch_url))
    return found


def run_workers(script: str, workers: list[tuple[str, str]], arguments: list[str]) -> None:
    """Run ``script --worker`` once per database, one after the other."""
    for database_url, opensearch_url in workers:
        command = [
            sys.executable,
            script,
            "--worker",
            f"--database-url={database_url}",
            f"--opensearch-url={opensearch_url}",
            *arguments,
        ]
        subprocess.run(command, check=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def setup_django(database_url: str, empty: bool = True) -> None:
    """Set Django up on ``database_url``, emptied (PostgreSQL, if ``empty``) and migrated."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    # Measure the database layer production runs (the suite turns prepared statements on).
    os.environ.setdefault("DATABASE_PREPARED_STATEMENTS", "0")
    os.environ["SEARCH_ENGINE"] = "database"
    import django

    django.setup()
    from django.core.management import call_command

    if empty and database_url.startswith("postgres"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0, interactive=False)


def load_structure() -> None:
    """The reference taxonomy, workstreams and the site's index pages, without knowledge."""
    from portal.site_structure import ensure_site_structure
    from taxonomy.reference import load_taxonomy, read_reference_file
    from workstreams.reference import load_workstreams

    data = read_reference_file()
    load_taxonomy(data)
    load_workstreams(data)
    ensure_site_structure()


def load_demo_knowledge() -> None:
    """The demo knowledge items that the judged queries are about."""
    from casestudies.importers import import_knowledge_file

    import_knowledge_file(ROOT / "casestudies" / "data" / "demo_knowledge.jsonl")


def build_database_index() -> None:
    """Wagtail's index (and the portal's text table beside it) for every page, in bulk."""
    from django.core.management import call_command

    call_command("update_index", verbosity=0, chunk_size=1000)
