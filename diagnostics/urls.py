from django.urls import path

from . import views

app_name = "diagnostics"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("<slug:round_slug>/", views.round_dashboard, name="round"),
    path("<slug:round_slug>/gaps/", views.round_gaps, name="gaps"),
    path(
        "<slug:round_slug>/value-codes/<slug:value_code_slug>/",
        views.round_value_code,
        name="value_code",
    ),
    path("<slug:round_slug>/summary.json", views.round_summary_json, name="summary_json"),
    path("<slug:round_slug>/<slug:table>.csv", views.round_csv, name="round_csv"),
    path("<slug:round_slug>/councils/", views.round_councils, name="councils"),
    path(
        "<slug:round_slug>/councils/<slug:council_slug>/",
        views.council_view,
        name="council",
    ),
    path(
        "<slug:round_slug>/councils/<slug:council_slug>/summary.json",
        views.council_summary_json,
        name="council_json",
    ),
    path(
        "<slug:round_slug>/councils/<slug:council_slug>/<slug:table>.csv",
        views.council_csv,
        name="council_csv",
    ),
]
