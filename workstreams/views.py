"""The regional workstreams and the knowledge filed under each."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from casestudies.browse import browse
from casestudies.models import KnowledgePage

from .models import Workstream


@require_GET
def workstream_list(request: HttpRequest) -> HttpResponse:
    """Every workstream with its summary and how many items the viewer may see under it."""
    visible = KnowledgePage.objects.visible_to(request.user).values("pk")
    workstreams = Workstream.objects.annotate(
        item_count=Count("knowledge", filter=Q(knowledge__in=visible), distinct=True),
        value_code_count=Count("value_codes", distinct=True),
    )
    return render(request, "workstreams/workstream_list.html", {"workstreams": list(workstreams)})


@require_GET
def workstream_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A workstream: scope, business case, key facts, value codes and its knowledge."""
    workstream = get_object_or_404(Workstream, slug=slug)
    base = KnowledgePage.objects.filter(workstreams=workstream)
    context = browse(request, ("type", "value_code", "council"), base=base)
    context.update(
        workstream=workstream,
        value_codes=list(workstream.value_codes.select_related("pillar")),
    )
    return render(request, "workstreams/workstream_detail.html", context)
