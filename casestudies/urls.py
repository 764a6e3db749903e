from django.urls import path

from . import views

urlpatterns = [
    path("councils/", views.council_list, name="council_list"),
    path("workstreams/", views.workstream_list, name="workstream_list"),
    path("workstreams/<slug:slug>/", views.workstream_detail, name="workstream_detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
]
