"""Create the role groups and the knowledge moderation workflow (also run after migrate)."""

from django.core.management.base import BaseCommand

from members.moderation import ensure_moderation_workflow
from members.roles import ensure_roles


class Command(BaseCommand):
    help = "Create or update the Members, Contributors, Editors and Administrators groups and the "
    help += "Knowledge moderation workflow. Safe to run any number of times."

    def handle(self, *args, **options) -> None:
        groups = ensure_roles()
        workflow = ensure_moderation_workflow()
        self.stdout.write(f"Roles: {', '.join(groups)}. Workflow: {workflow.name}.")
