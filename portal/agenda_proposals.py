"""Contributors propose engagement agendas from the public site.

The form names suppliers, councils and value codes from the data already held; the
proposal is written as a draft by ``contracts.proposals`` (through the one page writer)
and, when submitted, goes to editors through the members' moderation workflow. It sits
here because it joins ``contracts`` and ``members``, which may not import each other."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import OperationalError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from contracts.models import EngagementAgendaIndexPage
from contracts.proposals import AgendaProposal, UnknownSuppliers, find_suppliers, save_proposal
from database.busy import busy_form, is_database_locked
from members.contribution_forms import plain_error_messages
from members.forms import grouped_value_codes
from members.moderation import submit_for_moderation
from members.ratelimit import allow
from members.views import contributor_required
from taxonomy.models import Council, ValueCode

TEMPLATE = "portal/propose_agenda.html"
MAX_SUPPLIERS = 20


class AgendaProposalForm(forms.Form):
    title = forms.CharField(max_length=255, help_text="What the councils want to work on.")
    summary = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences shown in lists.",
    )
    suppliers = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "One a line, as the contract data names them: the company name or its "
            "Companies House number."
        ),
    )
    issues = forms.CharField(
        label="Shared issues", widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    value_codes = forms.ModelMultipleChoiceField(
        label="Value codes the issues touch",
        queryset=ValueCode.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    councils = forms.ModelMultipleChoiceField(
        label="Councils taking part",
        queryset=Council.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    asks = forms.CharField(
        label="What the councils ask",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        plain_error_messages(self)
        self.fields["suppliers"].error_messages["required"] = "Name at least one supplier"
        self.fields["councils"].error_messages["required"] = "Choose the councils taking part"

    def clean_suppliers(self) -> list:
        lines = [line for line in self.cleaned_data["suppliers"].splitlines() if line.strip()]
        if len(lines) > MAX_SUPPLIERS:
            raise forms.ValidationError(f"Name at most {MAX_SUPPLIERS} suppliers")
        try:
            return find_suppliers(lines)
        except UnknownSuppliers as error:
            names = ", ".join(f"‘{name}’" for name in error.names)
            raise forms.ValidationError(
                f"No supplier in the contract data matches {names}: check the spelling, "
                "or give its Companies House number"
            ) from error

    def value_code_groups(self):
        return grouped_value_codes(self["value_codes"])

    def proposal(self) -> AgendaProposal:
        data = self.cleaned_data
        return AgendaProposal(
            title=data["title"],
            summary=data["summary"],
            issues=data["issues"],
            suppliers=data["suppliers"],
            value_codes=list(data["value_codes"]),
            councils=list(data["councils"]),
            asks=data["asks"],
        )


@contributor_required
@require_http_methods(["GET", "POST"])
def propose_agenda(request: HttpRequest) -> HttpResponse:
    """The form, and the draft (or submission for review) it makes."""
    council = request.user.profile.council
    if request.method == "POST":
        form = AgendaProposalForm(request.POST)
    else:
        form = AgendaProposalForm(initial={"councils": [council.pk] if council else []})
    context = {"form": form, "council": council}
    if not EngagementAgendaIndexPage.objects.exists():
        return render(request, TEMPLATE, {**context, "unavailable": True}, status=404)
    if request.method == "POST":
        limit, period = settings.MEMBERS_SUBMISSION_RATE
        if not allow("submission", str(request.user.pk), limit, period):
            return render(request, "members/rate_limited.html", status=429)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                with transaction.atomic():
                    agenda = save_proposal(form.proposal(), request.user)
                    if submit:
                        submit_for_moderation(agenda, request.user)
            except OperationalError as error:
                if not is_database_locked(error):
                    raise
                return busy_form(request, TEMPLATE, context, form)
            title = form.cleaned_data["title"]
            if submit:
                messages.success(request, f"“{title}” has been sent to an editor for review.")
            else:
                messages.success(
                    request, f"“{title}” has been saved as a draft for an editor to see."
                )
            return redirect("members:account")
    return render(request, TEMPLATE, context)
