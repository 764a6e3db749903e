from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents.views import serve as documents

from . import routing, views
from .agenda_proposals import edit_agenda, propose_agenda
from .health import healthz
from .sitemaps import sitemaps

handler500 = "database.busy.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    # Documents are served after the access check in casestudies.documents; the
    # answer depends on who asks, so no shared cache may keep it.
    re_path(
        r"^documents/(\d+)/(.*)$",
        cache_control(private=True, no_cache=True)(documents.serve),
        name="wagtaildocs_serve",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        documents.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("images/", include("assets.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("search/", include("search.urls")),
    path("api/search/", include("search.api_urls")),
    path("accounts/", include("allauth.urls")),
    # Every sign-in goes through allauth (verified email, rate limits, second factor):
    # Wagtail's own private-page sign-in form is replaced by a redirect that signs
    # nobody in, whatever is posted to it.
    path(
        "_util/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailcore_login",
    ),
    path("members/agendas/propose/", propose_agenda, name="propose_agenda"),
    path("members/agendas/<int:page_id>/edit/", edit_agenda, name="edit_agenda"),
    path("members/", include("members.urls")),
    path("diagnostics/", include("diagnostics.urls")),
    path("value-codes/", views.value_code_list, name="value_code_list"),
    path("value-codes/<slug:slug>/", views.value_code_detail, name="value_code_detail"),
    path("councils/<slug:slug>/", views.council_detail, name="council_detail"),
    path("", include("contracts.urls")),
    path("", include("casestudies.urls")),
    # Wagtail's own URLs, with its page-serving view swapped for the portal's router,
    # which finds the page in one query and then serves it with Wagtail's view.
    *(url for url in wagtail_urls.urlpatterns if url.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
]
