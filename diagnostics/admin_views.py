"""The Wagtail admin views for importing a diagnostic round from uploaded files.

The upload is imported by a background task (``diagnostics.background``); the form and
the progress page answer as every admin import does (``taxonomy.imports.admin_views``),
with the round's own fields, breadcrumbs and "try again" answers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from wagtail.admin import messages

from taxonomy.imports.admin_views import ImportStatusView as BaseImportStatusView
from taxonomy.imports.admin_views import ImportUploadView

from .background import start_import
from .forms import ImportForm
from .models import RoundImport
from .permissions import can_import


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportRoundView(ImportPermissionMixin, ImportUploadView):
    form_class = ImportForm
    template_name = "diagnostics/admin/import.html"
    page_title = "Import a diagnostic round"
    job_model = RoundImport
    url_name = "diagnostics_admin_import"

    def get_initial(self) -> dict:
        """An earlier import's answers, when the editor comes back to try again."""
        job = RoundImport.objects.filter(pk=self.request.GET.get("again") or None).first()
        if job is None:
            return {}
        return {
            "round_slug": job.round_slug,
            "round_name": job.round_name,
            "visibility": job.visibility,
        }

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def start_import(self, form: ImportForm) -> RoundImport:
        data = form.cleaned_data
        return start_import(
            round_slug=data["round_slug"],
            round_name=data["round_name"],
            visibility=data["visibility"],
            files=form.files_to_import(),
            user=self.request.user,
        )

    def success_buttons(self, job: RoundImport) -> list:
        return [messages.button(job.round.get_absolute_url(), "View the dashboard")]


class ImportStatusView(ImportPermissionMixin, BaseImportStatusView):
    """Where a queued import stands; the page refreshes its status part as it runs."""

    template_name = "diagnostics/admin/import_status.html"
    page_title = "Diagnostic import"
    job_model = RoundImport
    url_name = "diagnostics_admin_import"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("diagnostics_admin_import"), "label": "Import a diagnostic round"},
            {"url": "", "label": self.page_title},
        ]
