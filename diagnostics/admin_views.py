"""The Wagtail admin views for importing a diagnostic round from uploaded files.

The upload is imported by a background task (``diagnostics.background``). When the task
has already finished by the time the upload is answered (tasks run immediately in a
one-process setup, or the files were small) the outcome is shown at once, as before;
otherwise the editor is taken to the import's progress page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .background import progress_of, start_import
from .forms import ImportForm
from .models import RoundImport
from .permissions import can_import


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportRoundView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    form_class = ImportForm
    template_name = "diagnostics/admin/import.html"
    page_title = "Import a diagnostic round"
    header_icon = "upload"

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_imports"] = RoundImport.objects.all()[:5]
        return context

    def form_valid(self, form: ImportForm):
        data = form.cleaned_data
        job = start_import(
            round_slug=data["round_slug"],
            round_name=data["round_name"],
            visibility=data["visibility"],
            files=form.files_to_import(),
            user=self.request.user,
        )
        job.refresh_from_db()
        if job.status == RoundImport.Status.FAILED:
            return self.render_to_response(self.get_context_data(form=form, failed_import=job))
        if job.status == RoundImport.Status.SUCCEEDED:
            messages.success(
                self.request,
                job.summary,
                buttons=[messages.button(job.round.get_absolute_url(), "View the dashboard")],
            )
            return redirect(reverse("diagnostics_admin_import"))
        return redirect(reverse("diagnostics_admin_import_status", args=[job.pk]))


class ImportStatusView(ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Where a queued import stands; the page refreshes its status part as it runs."""

    template_name = "diagnostics/admin/import_status.html"
    page_title = "Diagnostic import"
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("diagnostics_admin_import"), "label": "Import a diagnostic round"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = get_object_or_404(RoundImport, pk=kwargs["pk"])
        context.update(
            job=job,
            progress=progress_of(job),
            status_url=reverse("diagnostics_admin_import_status", args=[job.pk]),
        )
        return context
