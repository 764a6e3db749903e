"""Thin views over the search service: the HTML page and the JSON API."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from casestudies.long_facets import facet_choices, requested_choices, top_options
from casestudies.pagination import pagination

from .active_filters import active_filters, clear_filters_url, filters_query, kept_filters_url
from .facets import group_facets
from .params import MAX_QUERY_LENGTH, ParamError
from .service import autocomplete, response_json, run_search, validate


def _private(response: HttpResponse) -> HttpResponse:
    """Results depend on who is signed in: never share them between users."""
    patch_cache_control(response, private=True, max_age=0)
    patch_vary_headers(response, ["Cookie"])
    return response


def _error_json(errors: list[ParamError]) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"parameter": e.parameter, "message": e.message} for e in errors]},
        status=400,
    )


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Anyone may search; the service only shows what the user may see."""
    data = dict(request.GET.lists())
    kept = kept_filters_url(request.path, data)
    if kept is not None:
        return _private(redirect(kept))
    params, errors = validate(data)
    context = {"params": params, "errors": errors, "raw_q": request.GET.get("q", "")[:500]}
    status = 200
    if errors:
        status = 400
    else:
        response = run_search(params, request.user, request=request)
        context["response"] = response
        chosen = requested_choices(request.GET, response.facets)
        if chosen is not None:
            context["facet_choices"] = facet_choices(chosen, request.GET)
            return _private(render(request, "search/search_page.html", context))
        shown = [top_options(facet, request.GET) for facet in response.facets]
        context["filter_sections"] = group_facets(shown)
        context["active_filters"] = active_filters(request.path, params, response.facets)
        context["clear_filters_url"] = clear_filters_url(request.path, params)
        context["filters_query"] = filters_query(params.filters)
        context["pagination"] = pagination(request.GET, params.page, response.page_count)
        if response.suggestion:
            suggested = request.GET.copy()
            suggested["q"] = response.suggestion
            suggested.pop("page", None)
            context["suggestion_url"] = "?" + suggested.urlencode()
    return _private(render(request, "search/search_page.html", context, status=status))


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    params, errors = validate(dict(request.GET.lists()))
    if errors:
        return _private(_error_json(errors))
    response = run_search(params, request.user, request=request)
    return _private(JsonResponse(response_json(response, request.GET)))


@require_GET
def autocomplete_api(request: HttpRequest) -> JsonResponse:
    values = request.GET.getlist("q")
    if len(values) > 1:
        return _private(_error_json([ParamError("q", "Give q once.")]))
    prefix = values[0] if values else ""
    if len(prefix) > MAX_QUERY_LENGTH or "\x00" in prefix:
        return _private(_error_json([ParamError("q", "Search words are too long.")]))
    suggestions = autocomplete(prefix, request.user, request=request)
    return _private(JsonResponse({"query": prefix, "suggestions": suggestions}))
