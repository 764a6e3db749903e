"""Contributors propose engagement agendas from the public site, and edit their proposals.

The form names suppliers, councils and value codes from the data already held; the
proposal is written as a draft by ``contracts.proposals`` (through the one page writer)
and saved as a contribution by ``members.contributions``, so it is listed in "My
contributions", edited under the same rule as knowledge and, when submitted, goes to
editors through the members' moderation workflow with the same emails. It sits here
because it joins ``contracts`` and ``members``, which may not import each other."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from contracts.models import EngagementAgendaIndexPage, EngagementAgendaPage
from contracts.proposals import (
    AgendaProposal,
    UnknownSuppliers,
    find_suppliers,
    save_proposal,
    supplier_lines,
)
from members.contribution_forms import plain_error_messages
from members.contributions import (
    editable_now,
    plain_text,
    register_contributed_type,
    save_contributed_page,
)
from members.forms import grouped_value_codes
from members.views import (
    contribution_response,
    contributor_required,
    editing_context,
    locked,
    own_contribution,
)
from taxonomy.forms import CouncilNamesField
from taxonomy.models import ValueCode

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
    councils = CouncilNamesField(
        label="Councils taking part",
        help_text="One a line, or separated by commas: the council’s name as this site shows it.",
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
        self.fields["councils"].error_messages["required"] = "Name the councils taking part"

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


def initial_from_agenda(page: EngagementAgendaPage) -> dict:
    """The form's values from a version of an agenda."""
    return {
        "title": page.title,
        "summary": page.summary,
        "suppliers": supplier_lines(page),
        "issues": plain_text(page.issues),
        "value_codes": [value_code.pk for value_code in page.value_codes.all()],
        "councils": list(page.councils.order_by("name")),
        "asks": plain_text(page.asks),
    }


def _save_agenda(
    request: HttpRequest, form: AgendaProposalForm, page: EngagementAgendaPage | None
) -> Callable[[bool], object]:
    return lambda submit: save_contributed_page(
        request.user,
        lambda target: save_proposal(form.proposal(), request.user, page=target),
        page=page,
        submit=submit,
    )


@contributor_required
@require_http_methods(["GET", "POST"])
def propose_agenda(request: HttpRequest) -> HttpResponse:
    """The form, and the draft (or submission for review) it makes."""
    council = request.user.profile.council
    if request.method == "POST":
        form = AgendaProposalForm(request.POST)
    else:
        form = AgendaProposalForm(initial={"councils": [council] if council else []})
    context = {"form": form, "council": council}
    if not EngagementAgendaIndexPage.objects.exists():
        return render(request, TEMPLATE, {**context, "unavailable": True}, status=404)
    return contribution_response(
        request, form, TEMPLATE, context, _save_agenda(request, form, None)
    )


@contributor_required
@require_http_methods(["GET", "POST"])
def edit_agenda(request: HttpRequest, page_id: int) -> HttpResponse:
    """The contributor's own proposal, reopened: under the same rule as their knowledge."""
    page = own_contribution(request, page_id, EngagementAgendaPage)
    if not editable_now(page):
        return locked(request)
    latest = page.get_latest_revision_as_object()
    if request.method == "POST":
        form = AgendaProposalForm(request.POST)
    else:
        form = AgendaProposalForm(initial=initial_from_agenda(latest))
    context = editing_context(request, page, latest, form)
    return contribution_response(
        request, form, TEMPLATE, context, _save_agenda(request, form, page)
    )


def register() -> None:
    """List agendas among members' contributions, edited here."""
    register_contributed_type(EngagementAgendaPage, "Engagement agenda", "edit_agenda")
