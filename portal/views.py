"""Pages that put knowledge beside diagnostic figures: the value codes and a council.

They sit here, above both ``casestudies`` and ``diagnostics``, so that neither of those
apps needs the other; each page's figures come from a ``diagnostics`` include."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from casestudies.browse import browse, count_visible
from casestudies.models import KnowledgePage
from taxonomy.models import Council, MaturityLevel, ValueCode


@require_GET
def value_code_list(request: HttpRequest) -> HttpResponse:
    """All value codes grouped by pillar, with the number of items under each."""
    codes = count_visible(ValueCode.objects.select_related("pillar"), "knowledge", request.user)
    pillars: dict[int, tuple] = {}
    for code in codes.order_by("pillar__order", "pillar__name", "name"):
        pillars.setdefault(code.pillar_id, (code.pillar, []))[1].append(code)
    return render(request, "portal/value_code_list.html", {"pillar_groups": list(pillars.values())})


@require_GET
def value_code_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A value code: what it means, its figures, its maturity ladder and its knowledge."""
    value_code = get_object_or_404(ValueCode.objects.select_related("pillar"), slug=slug)
    base = KnowledgePage.objects.filter(value_codes=value_code)
    context = browse(request, ("type", "workstream", "council"), base=base)
    context.update(
        value_code=value_code,
        ladder=value_code.ladder(list(MaturityLevel.objects.all())),
        related_workstreams=list(value_code.workstreams.all()),
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
