"""The Wagtail admin pages of an import that runs as a background job (``jobs``): the
upload form and the job's progress page.

When the job has already finished by the time the upload is answered (tasks run at once
in a one-process setup, or the file was small) the outcome is shown at once; otherwise
the editor is taken to the job's progress page. An app names its job model and the URL
name of its form (``url_name``; the progress page's is ``url_name + "_status"``), and
says how an upload starts its job; who may use the pages is the app's own rule."""

from __future__ import annotations

from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .jobs import ImportJob

RECENT_IMPORTS = 5


class ImportUploadView(WagtailAdminTemplateMixin, FormView):
    job_model: type[ImportJob]
    url_name: str
    header_icon = "upload"

    def start_import(self, form: Form) -> ImportJob:
        """Keep the upload and queue its job."""
        raise NotImplementedError

    def success_buttons(self, job: ImportJob) -> list:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_imports"] = self.job_model.objects.all()[:RECENT_IMPORTS]
        return context

    def form_valid(self, form: Form) -> HttpResponse:
        job = self.start_import(form)
        job.refresh_from_db()
        if job.status == job.Status.FAILED:
            return self.render_to_response(self.get_context_data(form=form, failed_import=job))
        if job.status == job.Status.SUCCEEDED:
            messages.success(self.request, job.summary, buttons=self.success_buttons(job))
            return redirect(reverse(self.url_name))
        return redirect(reverse(f"{self.url_name}_status", args=[job.pk]))


class ImportStatusView(WagtailAdminTemplateMixin, TemplateView):
    """Where a job stands; the page refreshes its status part while the job waits or runs."""

    job_model: type[ImportJob]
    url_name: str
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = get_object_or_404(self.job_model, pk=kwargs["pk"])
        status_url = reverse(f"{self.url_name}_status", args=[job.pk])
        context.update(job=job, progress=job.progress(), status_url=status_url)
        return context
