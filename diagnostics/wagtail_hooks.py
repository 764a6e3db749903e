"""Admin for diagnostics: the list of rounds (as snippets) and the import form."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import ImportRoundView, ImportStatusView
from .models import DiagnosticRound
from .permissions import can_import


class DiagnosticRoundViewSet(SnippetViewSet):
    model = DiagnosticRound
    icon = "table"
    menu_label = "Diagnostic rounds"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "slug", "visibility", "closed_on"]
    search_fields = ["name"]


register_snippet(DiagnosticRoundViewSet)


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_import(request.user)


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path(
            "diagnostics/import/",
            ImportRoundView.as_view(),
            name="diagnostics_admin_import",
        ),
        path(
            "diagnostics/import/<int:pk>/",
            ImportStatusView.as_view(),
            name="diagnostics_admin_import_status",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Import diagnostic",
        reverse("diagnostics_admin_import"),
        icon_name="upload",
        order=311,
    )
