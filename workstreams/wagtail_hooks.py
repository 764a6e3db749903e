"""Admin for workstreams."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Workstream


class WorkstreamViewSet(SnippetViewSet):
    model = Workstream
    icon = "list-ul"
    menu_label = "Workstreams"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "summary"]


register_snippet(WorkstreamViewSet)
