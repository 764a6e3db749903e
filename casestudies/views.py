"""Browsing knowledge by value code, council, workstream and tag. Thin views over ``browse``."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from taggit.models import Tag

from taxonomy.models import Council, MaturityLevel, ValueCode
from workstreams.models import Workstream

from .browse import browse
from .models import KnowledgePage, KnowledgePageTag


def _counted(queryset, relation: str, request: HttpRequest):
    """Annotate each row with how many knowledge items the viewer may see, in one query."""
    visible = KnowledgePage.objects.visible_to(request.user).values("pk")
    return queryset.annotate(
        item_count=Count(relation, filter=Q(**{f"{relation}__in": visible}), distinct=True)
    )


@require_GET
def value_code_list(request: HttpRequest) -> HttpResponse:
    """All value codes grouped by pillar, with the number of items under each.

    The counts come from the link table alone, grouped by value code: a page is linked to
    a value code once, so nothing needs counting twice or joining to the value codes."""
    visible = KnowledgePage.objects.visible_to(request.user).values("pk")
    counts = dict(
        KnowledgePage.value_codes.through.objects.filter(knowledgepage_id__in=visible)
        .order_by()
        .values_list("valuecode_id")
        .annotate(n=Count("pk"))
        .values_list("valuecode_id", "n")
    )
    pillars: dict[int, tuple] = {}
    codes = ValueCode.objects.select_related("pillar")
    for code in codes.order_by("pillar__order", "pillar__name", "name"):
        code.item_count = counts.get(code.pk, 0)
        pillars.setdefault(code.pillar_id, (code.pillar, []))[1].append(code)
    return render(
        request, "casestudies/value_code_list.html", {"pillar_groups": list(pillars.values())}
    )


@require_GET
def value_code_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A value code: what it means, its maturity ladder, and the knowledge tagged with it."""
    value_code = get_object_or_404(ValueCode.objects.select_related("pillar"), slug=slug)
    base = KnowledgePage.objects.filter(value_codes=value_code)
    context = browse(request, ("type", "workstream", "council"), base=base)
    context.update(
        value_code=value_code,
        ladder=value_code.ladder(list(MaturityLevel.objects.all())),
        related_workstreams=list(value_code.workstreams.all()),
    )
    return render(request, "casestudies/value_code_detail.html", context)


@require_GET
def council_list(request: HttpRequest) -> HttpResponse:
    """The participating councils with how many items each has shared."""
    councils = _counted(Council.objects.all(), "knowledge", request)
    return render(request, "casestudies/council_list.html", {"councils": list(councils)})


@require_GET
def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """What one council has shared."""
    council = get_object_or_404(Council, slug=slug)
    base = KnowledgePage.objects.filter(council=council)
    context = browse(request, ("type", "value_code", "workstream"), base=base)
    context["council"] = council
    return render(request, "casestudies/council_detail.html", context)


@require_GET
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything tagged with one free tag."""
    visible = KnowledgePage.objects.visible_to(request.user).values("pk")
    used = KnowledgePageTag.objects.filter(content_object__in=visible).values("tag_id")
    tag = get_object_or_404(Tag.objects.filter(pk__in=used), slug=slug)
    base = KnowledgePage.objects.filter(
        pk__in=KnowledgePageTag.objects.filter(tag=tag).values("content_object_id")
    )
    context = browse(request, ("type", "value_code", "council"), base=base)
    context["tag"] = tag
    return render(request, "casestudies/tag_detail.html", context)


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
