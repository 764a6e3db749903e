from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("suppliers/", views.register_view, name="register"),
    path("suppliers/summary.json", views.summary_json, name="summary_json"),
    path("suppliers/<slug:slug>/", views.supplier_view, name="supplier"),
    path("councils/<slug:slug>/economy.json", views.economy_json, name="economy_json"),
]
