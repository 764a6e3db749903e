from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

handler500 = "portal.busy.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("images/", include("assets.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("search/", include("search.urls")),
    path("api/search/", include("search.api_urls")),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("diagnostics/", include("diagnostics.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("", include("casestudies.urls")),
    path("", include("workstreams.urls")),
    path("", include(wagtail_urls)),
]
