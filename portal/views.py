"""Pages that put knowledge beside diagnostic figures: the value codes and a council.

They sit here, above both ``casestudies`` and ``diagnostics``, so that neither of those
apps needs the other; each page's figures come from a ``diagnostics`` include."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from casestudies.browse import browse
from casestudies.models import KnowledgePage
from taxonomy.models import Council, ValueCode


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
    return render(request, "portal/value_code_list.html", {"pillar_groups": list(pillars.values())})


@require_GET
def value_code_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A value code: what it means, its figures, its maturity ladder and its knowledge."""
    value_code = get_object_or_404(ValueCode.objects.select_related("pillar"), slug=slug)
    context = browse(
        request,
        ("type", "workstream", "council"),
        every=KnowledgePage,
        within={"value_code": (value_code.slug,)},
    )
    context.update(
        value_code=value_code,
        ladder=value_code.ladder(),
        related_workstreams=list(value_code.workstreams.only("name", "slug")),
    )
    return render(request, "portal/value_code_detail.html", context)


@require_GET
def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """What one council has shared, and a link to its latest diagnostic results."""
    council = get_object_or_404(Council, slug=slug)
    base = KnowledgePage.objects.filter(council=council)
    context = browse(request, ("type", "value_code", "workstream"), base=base)
    context["council"] = council
    return render(request, "portal/council_detail.html", context)
