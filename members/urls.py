from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.account, name="account"),
    path("profile/", views.profile, name="profile"),
    path("profile/download/", views.download_data, name="download"),
    path("profile/delete/", views.delete_account, name="delete"),
    path("become-a-contributor/", views.request_contributor, name="request_contributor"),
    path("directory/", views.directory, name="directory"),
    path("councils/suggest/", views.council_suggestions, name="council_suggestions"),
    path("contributions/", views.contributions, name="contributions"),
    path("contributions/new/", views.submit, name="submit"),
    path("contributions/new/<slug:type_slug>/", views.submit_type, name="submit_type"),
    path("contributions/<int:page_id>/edit/", views.edit, name="edit"),
    path("contact/<int:page_id>/", views.contact_author, name="contact_author"),
]
