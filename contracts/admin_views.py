"""Admin views: uploading contract files, and editors' decisions on suppliers (merging the
near matches proposed to them, undoing a merge, splitting a name off a supplier)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from taxonomy.imports.admin_views import ImportStatusView as BaseImportStatusView
from taxonomy.imports.admin_views import ImportUploadView

from .background import start_import
from .forms import ContractsImportForm
from .models import ContractsImport, MergeProposal, Supplier, SupplierName
from .suppliers import MergeRefused, merge_suppliers, open_proposals, split_name, undo_merge


def can_manage(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or user.has_perm("contracts.change_supplier"))
    )


class ManageMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportContractsView(ManageMixin, ImportUploadView):
    form_class = ContractsImportForm
    template_name = "contracts/admin/import.html"
    page_title = "Import contract data"
    job_model = ContractsImport
    url_name = "contracts_admin_import"

    def start_import(self, form: ContractsImportForm) -> ContractsImport:
        data = form.cleaned_data
        return start_import(
            data["file"],
            format=data["format"],
            council=data["council"].slug if data["council"] else "",
            columns=data["columns"],
            user=self.request.user,
        )


class ImportStatusView(ManageMixin, BaseImportStatusView):
    template_name = "contracts/admin/import_status.html"
    page_title = "Contract data import"
    job_model = ContractsImport
    url_name = "contracts_admin_import"


class SupplierMatchesView(ManageMixin, WagtailAdminTemplateMixin, TemplateView):
    """Suppliers whose names are alike, for an editor to merge or keep apart."""

    template_name = "contracts/admin/matches.html"
    page_title = "Possible duplicate suppliers"
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proposals"] = open_proposals()[:100]
        return context

    def post(self, request, *args, **kwargs):
        proposal = get_object_or_404(MergeProposal, pk=request.POST.get("proposal"))
        if request.POST.get("decision") == "merge":
            into = proposal.supplier if request.POST.get("keep") != "other" else proposal.other
            merged = proposal.other if into == proposal.supplier else proposal.supplier
            try:
                merge_suppliers(merged, into)
            except MergeRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"‘{merged}’ is now part of ‘{into}’.")
        else:
            proposal.status = MergeProposal.Status.REJECTED
            proposal.save(update_fields=["status"])
            messages.success(
                request, f"‘{proposal.supplier}’ and ‘{proposal.other}’ are kept apart."
            )
        return redirect(reverse("contracts_admin_matches"))


class SupplierNamesView(ManageMixin, WagtailAdminTemplateMixin, TemplateView):
    """A supplier's names and merges, each of which an editor can undo."""

    template_name = "contracts/admin/supplier_names.html"
    page_title = "Supplier names"
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        supplier = get_object_or_404(Supplier, pk=kwargs["pk"])
        context.update(
            supplier=supplier,
            names=supplier.names.order_by("name"),
            merged=supplier.merged.order_by("name"),
        )
        return context

    def post(self, request, *args, **kwargs):
        supplier = get_object_or_404(Supplier, pk=kwargs["pk"])
        if "split" in request.POST:
            alias = get_object_or_404(SupplierName, pk=request.POST["split"], supplier=supplier)
            try:
                own = split_name(alias)
            except MergeRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"‘{alias.name}’ is now a supplier of its own ({own}).")
        elif "unmerge" in request.POST:
            other = get_object_or_404(Supplier, pk=request.POST["unmerge"], merged_into=supplier)
            undo_merge(other)
            messages.success(request, f"‘{other}’ is a separate supplier again.")
        return redirect(reverse("contracts_admin_supplier_names", args=[supplier.pk]))
