"""Admin for the taxonomy: listings with search and filters, grouped in one menu."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Council, MaturityLevel, Pillar, ValueCode


class PillarViewSet(SnippetViewSet):
    model = Pillar
    icon = "folder-open-inverse"
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]


class MaturityLevelViewSet(SnippetViewSet):
    model = MaturityLevel
    icon = "list-ol"
    list_display = ["level", "name"]


class ValueCodeViewSet(SnippetViewSet):
    model = ValueCode
    icon = "tag"
    list_display = ["name", "pillar", "slug"]
    list_filter = ["pillar"]
    search_fields = ["name", "description"]
    ordering = ["pillar__order", "name"]


class CouncilViewSet(SnippetViewSet):
    model = Council
    icon = "site"
    list_display = ["name", "tier", "county_area"]
    list_filter = ["tier", "county_area"]
    search_fields = ["name", "county_area"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "tag"
    menu_order = 300
    items = (ValueCodeViewSet, PillarViewSet, MaturityLevelViewSet, CouncilViewSet)


register_snippet(TaxonomyGroup)
