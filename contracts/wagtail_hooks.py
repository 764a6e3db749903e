"""Admin for contract data: suppliers (with merge proposals, merging and splitting), CPV
divisions' value codes, and the upload form for contract files."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import (
    ImportContractsView,
    ImportStatusView,
    SupplierMatchesView,
    SupplierNamesView,
    can_manage,
)
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


class ContractsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_manage(request.user)


@hooks.register("register_admin_urls")
def register_contracts_urls():
    return [
        path("contracts/import/", ImportContractsView.as_view(), name="contracts_admin_import"),
        path(
            "contracts/import/<int:pk>/",
            ImportStatusView.as_view(),
            name="contracts_admin_import_status",
        ),
        path("contracts/matches/", SupplierMatchesView.as_view(), name="contracts_admin_matches"),
        path(
            "contracts/suppliers/<int:pk>/names/",
            SupplierNamesView.as_view(),
            name="contracts_admin_supplier_names",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_contracts_import_item():
    return ContractsMenuItem(
        "Import contracts", reverse("contracts_admin_import"), icon_name="upload", order=321
    )


@hooks.register("register_admin_menu_item")
def register_matches_item():
    return ContractsMenuItem(
        "Duplicate suppliers", reverse("contracts_admin_matches"), icon_name="group", order=322
    )
