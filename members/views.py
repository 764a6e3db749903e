"""Thin views: check who is asking, validate the form, call a service, render."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import OperationalError, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.models import Page

from casestudies.models import KNOWLEDGE_TYPES, KnowledgePage
from casestudies.pagination import Pagination, pagination
from database.busy import busy_form, is_database_locked
from taxonomy.council_names import suggest_councils

from . import contact, services
from .contribution_forms import ContributionForm, ContributionTypeForm
from .contributions import (
    Status,
    can_edit,
    contribution_status,
    contributions_for,
    editable_now,
    initial_from_page,
    save_contribution,
    type_from_url_slug,
    type_url_slug,
)
from .forms import (
    ContactAuthorForm,
    ContributorRequestForm,
    DeleteAccountForm,
    ProfileForm,
)
from .models import Profile
from .ratelimit import allow
from .roles import is_contributor, is_member

CONTRIBUTIONS_PER_PAGE = 25
DIRECTORY_PER_PAGE = 50


def _not_allowed(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "members/not_allowed.html", {"reason": reason}, status=403)


def member_required(view: Callable) -> Callable:
    """Signed in with a verified email address."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_member(request.user):
            return _not_allowed(request, "unverified")
        return view(request, *args, **kwargs)

    return wrapped


def contributor_required(view: Callable) -> Callable:
    """A verified member with contributor status for a council."""

    @member_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_contributor(request.user):
            return _not_allowed(request, "not_contributor")
        return view(request, *args, **kwargs)

    return wrapped


@member_required
def account(request: HttpRequest) -> HttpResponse:
    profile = services.ensure_profile(request.user)
    return render(
        request,
        "members/account.html",
        {
            "profile": profile,
            "is_contributor": is_contributor(request.user),
            "open_request": services.open_request_for(request.user),
            "last_request": request.user.contributor_requests.first(),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    instance = services.ensure_profile(request.user)
    form = ProfileForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except OperationalError as error:
            if not is_database_locked(error):
                raise
            return busy_form(request, "members/profile_form.html", {}, form)
        messages.success(request, "Your profile has been saved.")
        return redirect("members:account")
    return render(request, "members/profile_form.html", {"form": form})


@member_required
def download_data(request: HttpRequest) -> HttpResponse:
    data = services.export_user_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user)
        messages.success(request, "Your account has been deleted.")
        return redirect("/")
    return render(request, "members/delete_account.html", {"form": form})


@member_required
@require_http_methods(["GET", "POST"])
def request_contributor(request: HttpRequest) -> HttpResponse:
    if is_contributor(request.user):
        messages.info(request, "You can already share your practice.")
        return redirect("members:submit")
    pending = services.open_request_for(request.user)
    form = ContributorRequestForm(request.POST or None)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            services.create_contributor_request(
                request.user, form.cleaned_data["council"], form.cleaned_data["reason"]
            )
        except OperationalError as error:
            if not is_database_locked(error):
                raise
            return busy_form(request, "members/contributor_request.html", {"pending": None}, form)
        messages.success(request, "Your request has been sent. An editor will reply by email.")
        return redirect("members:account")
    return render(request, "members/contributor_request.html", {"form": form, "pending": pending})


def _one_page(request: HttpRequest, items: Any, per_page: int) -> tuple[Any, Pagination]:
    """One page of a list that grows with the site, and the links to the others."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
    return page, pagination(request.GET, page.number, paginator.num_pages)


@contributor_required
def contributions(request: HttpRequest) -> HttpResponse:
    mine = request.user.contributions.select_related("page", "council")
    page, links = _one_page(request, mine, CONTRIBUTIONS_PER_PAGE)
    return render(
        request,
        "members/contributions.html",
        {
            "rows": contributions_for(request.user, page.object_list),
            "Status": Status,
            "listed": page,
            "pagination": links,
        },
    )


def submission_allowed(request: HttpRequest) -> bool:
    """Whether the member may send another contribution now (``rate_limited`` answers if not)."""
    limit, period = settings.MEMBERS_SUBMISSION_RATE
    return allow("submission", str(request.user.pk), limit, period)


def contribution_response(
    request: HttpRequest,
    form: Any,
    template: str,
    context: dict,
    save: Callable[[bool], object],
) -> HttpResponse:
    """The answer to a contribution form of any kind, shown or sent.

    A sent form is held to the submission rate, then, when valid, written by
    ``save(submit)`` (``submit``: sent for review rather than kept as a draft) and the
    member goes back to their contributions; otherwise the form is shown again with what
    was typed. A database too busy to write keeps the form as typed too."""
    if request.method == "POST":
        if not submission_allowed(request):
            return rate_limited(request)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                save(submit)
            except OperationalError as error:
                if not is_database_locked(error):
                    raise
                return busy_form(request, template, context, form)
            title = form.cleaned_data["title"]
            if submit:
                messages.success(request, f"“{title}” has been sent to an editor for review.")
            else:
                messages.success(request, f"“{title}” has been saved as a draft.")
            return redirect("members:contributions")
    return render(request, template, context)


def _save_knowledge(
    request: HttpRequest, form: ContributionForm, page: KnowledgePage | None
) -> Callable[[bool], object]:
    return lambda submit: save_contribution(
        request.user, form.to_submission(), page=page, submit=submit
    )


@contributor_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """First step of sharing: choose the kind of knowledge, then fill in its own form."""
    chosen = request.GET.get("type")
    initial = {"type": chosen} if chosen in KNOWLEDGE_TYPES else {}
    data = request.POST if request.method == "POST" else None
    form = ContributionTypeForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        return redirect("members:submit_type", type_slug=type_url_slug(form.cleaned_data["type"]))
    return render(
        request,
        "members/contribution_type.html",
        {"form": form, "council": request.user.profile.council},
    )


@contributor_required
@require_http_methods(["GET", "POST"])
def submit_type(request: HttpRequest, type_slug: str) -> HttpResponse:
    kind = type_from_url_slug(type_slug)
    if kind is None:
        raise Http404("No such kind of knowledge")
    data = request.POST if request.method == "POST" else None
    form = ContributionForm(data, request.FILES if data is not None else None, kind=kind)
    context = {
        "form": form,
        "page": None,
        "council": request.user.profile.council,
        "change_type_url": f"{reverse('members:submit')}?type={kind}",
    }
    save = _save_knowledge(request, form, None)
    return contribution_response(request, form, "members/contribution_form.html", context, save)


def rate_limited(request: HttpRequest) -> HttpResponse:
    return render(request, "members/rate_limited.html", status=429)


def own_contribution(request: HttpRequest, page_id: int, model: type[Page] = KnowledgePage) -> Page:
    """The ``model`` page the member may edit, for any kind of contribution."""
    page = get_object_or_404(model, pk=page_id).specific
    if not can_edit(request.user, page):
        # Not theirs, or another council's: do not reveal whether it exists.
        raise Http404("No contribution found")
    return page


def locked(request: HttpRequest) -> HttpResponse:
    """Back to the list when the contribution waits for an editor."""
    messages.info(request, "An editor is reviewing this item; you can edit it afterwards.")
    return redirect("members:contributions")


def editing_context(request: HttpRequest, page: Page, latest: Page, form: Any) -> dict:
    """What an edit form of any kind of contribution shows around its fields."""
    return {
        "form": form,
        "page": page,
        "latest": latest,
        "status": contribution_status(page),
        "council": request.user.profile.council,
    }


@contributor_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, page_id: int) -> HttpResponse:
    page = own_contribution(request, page_id)
    if not editable_now(page):
        return locked(request)
    latest = page.get_latest_revision_as_object()
    form = ContributionForm(
        request.POST or None,
        request.FILES or None,
        initial=initial_from_page(latest),
        kind=page.type_slug,
    )
    context = editing_context(request, page, latest, form)
    save = _save_knowledge(request, form, page)
    return contribution_response(request, form, "members/contribution_form.html", context, save)


@member_required
@require_http_methods(["GET", "POST"])
def contact_author(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(KnowledgePage.objects.live(), pk=page_id).specific
    if not contact.can_view(request, page) or not contact.recipient_for(page):
        raise Http404("No author to contact")
    form = ContactAuthorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        limit, period = settings.MEMBERS_CONTACT_RATE
        if not allow("contact", str(request.user.pk), limit, period):
            return rate_limited(request)
        contact.send_to_author(request.user, page, form.cleaned_data["message"])
        messages.success(request, "Your message has been sent to the author.")
        return redirect(page.url)
    return render(request, "members/contact_author.html", {"form": form, "page": page})


@require_GET
def council_suggestions(request: HttpRequest) -> JsonResponse:
    """The few councils matching what someone has typed, for the council fields' typeahead.

    Served to anyone, like the council list (``/councils/?q=``) that names every council to
    visitors: council names are public reference data. Editors reach it from the admin
    whether or not they are members."""
    councils = suggest_councils(request.GET.get("q", ""))
    return JsonResponse({"councils": [{"name": c.name, "slug": c.slug} for c in councils]})


@member_required
def directory(request: HttpRequest) -> HttpResponse:
    profiles = (
        Profile.objects.filter(in_directory=True, user__is_active=True)
        .select_related("user", "council")
        .prefetch_related("expertise")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    page, links = _one_page(request, profiles, DIRECTORY_PER_PAGE)
    return render(
        request,
        "members/directory.html",
        {"profiles": page.object_list, "listed": page, "pagination": links},
    )
