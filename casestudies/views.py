"""Browsing knowledge by council, workstream and tag. Thin views over ``browse``.

The value-code pages and a council's page also show diagnostic figures, so they are
composed a layer up, in ``portal.views``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from taggit.models import Tag

from taxonomy.models import Council
from workstreams.models import Workstream

from .browse import browse, count_visible
from .models import KnowledgePage, KnowledgePageTag
from .pagination import pagination

# Councils per page of the council list: a national region has hundreds.
COUNCILS_PER_PAGE = 50


@require_GET
def council_list(request: HttpRequest) -> HttpResponse:
    """The participating councils with how many items each has shared, a page at a time.

    ``q`` keeps the councils whose name contains it, so a council is found without paging."""
    name = request.GET.get("q", "").strip()[:100]
    councils = Council.objects.order_by("name", "pk")
    if name:
        councils = councils.filter(name__icontains=name)
    page = Paginator(count_visible(councils, "knowledge", request.user), COUNCILS_PER_PAGE)
    councils_page = page.get_page(request.GET.get("page"))
    return render(
        request,
        "casestudies/council_list.html",
        {
            "councils": list(councils_page),
            "councils_page": councils_page,
            "name": name,
            "pagination": pagination(request.GET, councils_page.number, page.num_pages),
        },
    )


@require_GET
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything tagged with one free tag."""
    visible = KnowledgePage.objects.visible_to(request.user).values("pk")
    used = KnowledgePageTag.objects.filter(content_object__in=visible).values("tag_id")
    tag = get_object_or_404(Tag.objects.filter(pk__in=used), slug=slug)
    context = browse(
        request, ("type", "value_code", "council"), every=KnowledgePage, within={"tag": (tag.slug,)}
    )
    context["tag"] = tag
    return render(request, "casestudies/tag_detail.html", context)


@require_GET
def workstream_list(request: HttpRequest) -> HttpResponse:
    """Every workstream with its summary and how many items the viewer may see under it."""
    workstreams = count_visible(Workstream.objects.all(), "knowledge", request.user).annotate(
        value_code_count=Count("value_codes", distinct=True)
    )
    return render(request, "casestudies/workstream_list.html", {"workstreams": list(workstreams)})


@require_GET
def workstream_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A workstream: scope, business case, key facts, value codes and its knowledge."""
    workstream = get_object_or_404(Workstream, slug=slug)
    context = browse(
        request,
        ("type", "value_code", "council"),
        every=KnowledgePage,
        within={"workstream": (workstream.slug,)},
    )
    context.update(
        workstream=workstream,
        value_codes=list(workstream.value_codes.select_related("pillar")),
    )
    return render(request, "casestudies/workstream_detail.html", context)
