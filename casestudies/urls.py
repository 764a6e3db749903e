from django.urls import path

from . import views

urlpatterns = [
    path("value-codes/", views.value_code_list, name="value_code_list"),
    path("value-codes/<slug:slug>/", views.value_code_detail, name="value_code_detail"),
    path("councils/", views.council_list, name="council_list"),
    path("councils/<slug:slug>/", views.council_detail, name="council_detail"),
    path("workstreams/", views.workstream_list, name="workstream_list"),
    path("workstreams/<slug:slug>/", views.workstream_detail, name="workstream_detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
]
