from django.urls import path

from . import views

urlpatterns = [
    path("workstreams/", views.workstream_list, name="workstream_list"),
    path("workstreams/<slug:slug>/", views.workstream_detail, name="workstream_detail"),
]
