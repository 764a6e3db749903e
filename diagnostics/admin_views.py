"""The Wagtail admin view for importing a diagnostic round from uploaded files."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import ImportForm
from .importers import DiagnosticImportError, import_round
from .permissions import can_import


class ImportRoundView(WagtailAdminTemplateMixin, FormView):
    form_class = ImportForm
    template_name = "diagnostics/admin/import.html"
    page_title = "Import a diagnostic round"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def form_valid(self, form: ImportForm):
        data = form.cleaned_data
        try:
            result = import_round(
                data["round_slug"],
                data["round_name"] or None,
                visibility=data["visibility"] or None,
                **form.files_to_import(),
            )
        except DiagnosticImportError as error:
            return self.render_to_response(self.get_context_data(form=form, import_error=error))
        counts = ", ".join(f"{count} {kind}" for kind, count in result.counts.items())
        verb = "created" if result.created else "updated"
        messages.success(
            self.request,
            f"Round '{result.round.name}' {verb}: {counts}.",
            buttons=[messages.button(result.round.get_absolute_url(), "View the dashboard")],
        )
        return redirect(reverse("diagnostics_admin_import"))
