"""Admin for contract data: suppliers (with merge proposals, merging and splitting), CPV
divisions' value codes, and the upload form for contract files."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CpvDivision, Supplier


class SupplierViewSet(SnippetViewSet):
    model = Supplier
    icon = "group"
    list_display = ["name", "companies_house", "merged_into"]
    search_fields = ["name", "companies_house"]


class CpvDivisionViewSet(SnippetViewSet):
    model = CpvDivision
    icon = "tag"
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


class ContractsGroup(SnippetViewSetGroup):
    menu_label = "Contracts"
    menu_icon = "doc-full"
    menu_order = 320
    items = (SupplierViewSet, CpvDivisionViewSet)


register_snippet(ContractsGroup)
